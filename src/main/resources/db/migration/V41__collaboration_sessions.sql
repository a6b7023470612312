-- Collaborative sessions in a workspace (docs/workspaces.md, ADR 0057): the sessions, their participants, and every
-- session event in one ordered log (joins, leaves, file changes with their per-file version, assistant turns, the
-- end). A reconnecting client catches up from this log. Tenant tables: row-level security comes from
-- aurelis_protect_tenant_tables() after the migration.

create table collaboration_session (
    tenant_id   text        not null,
    id          uuid        not null primary key,
    workspace   text        not null,
    title       text,
    created_by  text        not null,
    created_at  timestamptz not null,
    ended_by    text,
    ended_at    timestamptz,
    -- the sequence of the session's last event; events are numbered under this row's lock
    last_sequence bigint    not null default 0
);
create index collaboration_session_workspace on collaboration_session (tenant_id, workspace, created_at);

create table collaboration_participant (
    tenant_id  text        not null,
    session_id uuid        not null references collaboration_session (id) on delete cascade,
    -- an e-mail address: the participant is a person, whatever name their workspace membership uses
    email      text        not null,
    joined_at  timestamptz not null,
    left_at    timestamptz,
    primary key (session_id, email)
);

create table collaboration_event (
    tenant_id  text        not null,
    session_id uuid        not null references collaboration_session (id) on delete cascade,
    sequence   bigint      not null,
    type       text        not null check (type in ('joined', 'left', 'change', 'assistant', 'ended')),
    actor      text        not null,
    -- a change: the file and the version this change made it (1 for a new file)
    file_path  text,
    version    integer,
    -- a change: the file's new content; an assistant turn: the prompt and the answer
    prompt     text,
    content    text,
    at         timestamptz not null,
    primary key (session_id, sequence)
);
-- the current version of a file is its change with the highest version
create unique index collaboration_event_file on collaboration_event (session_id, file_path, version)
    where type = 'change';
