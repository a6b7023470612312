-- Audit: the request id of an entry in a column of its own (ADR 0088).
--
-- Data lineage finds an exchange's entries by the request id in their details. Indexing it as an expression parsed
-- every entry's details as JSON on insert, which was half of what writing an entry cost the database (about 20 µs of
-- 40 µs an entry, most of the trail's cost in a gateway that records every exchange). Entries now carry the id in
-- request_id, set by the application from the same details, and a plain index covers it.
--
-- Entries recorded before keep request_id null and are found by their details, as before, through an index of only
-- those: no entry is rewritten (the trail is append-only and may be large), and a new entry, whose request_id is set
-- or whose details have none, is never parsed for it.
alter table audit_entry add column request_id text;

drop index audit_entry_request;
create index audit_entry_request on audit_entry (tenant_id, request_id) where request_id is not null;
create index audit_entry_request_in_details on audit_entry (tenant_id, ((details::jsonb) ->> 'request_id'))
    where request_id is null and details like '%"request_id"%';
