-- Spring Modulith's event publication registry (ADR 0018): every event a module listener must receive is recorded
-- in the publishing transaction and marked complete when the listener succeeds, so a crash between the two loses
-- nothing; incomplete publications are resubmitted on restart. The table is the registry's own (its name and
-- columns are Spring Modulith's JDBC schema for PostgreSQL), not a tenant table: events carry their tenant id.
create table event_publication (
    id                     uuid        not null primary key,
    listener_id            text        not null,
    event_type             text        not null,
    serialized_event       text        not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    integer,
    last_resubmission_date timestamptz
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
