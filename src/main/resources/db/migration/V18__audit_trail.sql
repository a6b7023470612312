-- Audit: the append-only, tamper-evident trail (ADR 0035).
--
-- Each tenant's entries form a hash chain: seq counts from 1 without gaps, prev_hash is the hash of the entry before
-- (32 zero bytes for the first) and hash is SHA-256 over prev_hash and the entry's canonical form. details holds the
-- entry's particulars as canonical JSON text (sorted keys), exactly the bytes that were hashed.
create table audit_entry (
    tenant_id    text not null,
    seq          bigint not null,
    id           uuid not null,
    occurred_at  timestamptz not null,
    recorded_at  timestamptz not null,
    category     text not null,
    action       text not null,
    actor        text,
    target       text,
    outcome      text not null,
    source_ip    text,
    user_agent   text,
    details      text not null,
    -- what the entry was recorded from when that has an identity of its own (a ledger record): recorded once
    source_key   text,
    prev_hash    bytea not null,
    hash         bytea not null,
    primary key (tenant_id, seq)
);
create unique index audit_entry_source on audit_entry (tenant_id, source_key);
create index audit_entry_time on audit_entry (tenant_id, occurred_at);
-- Data lineage: the entries of one exchange (and what later modules link to it) by the request id in their details.
create index audit_entry_request on audit_entry (tenant_id, ((details::jsonb) ->> 'request_id'))
    where details like '%"request_id"%';

-- The last link of each tenant's chain: appends lock this row, so entries get their numbers one at a time.
create table audit_chain (
    tenant_id   text primary key,
    seq         bigint not null,
    hash        bytea not null,
    updated_at  timestamptz not null
);

-- Signed checkpoints: the chain's hash at seq, signed with the deployment's Ed25519 audit key. Kept when retention
-- removes the entries they cover, so the chain after the cut still verifies from the last removed link.
create table audit_checkpoint (
    tenant_id   text not null,
    seq         bigint not null,
    hash        bytea not null,
    signed_at   timestamptz not null,
    key_id      text not null,
    signature   bytea not null,
    primary key (tenant_id, seq)
);

-- How far each real-time destination has received the trail (the entries themselves are the outbox).
create table audit_export_cursor (
    tenant_id        text not null,
    destination      text not null,
    seq              bigint not null,
    failures         integer not null default 0,
    last_error       text,
    next_attempt_at  timestamptz,
    updated_at       timestamptz not null default now(),
    primary key (tenant_id, destination)
);

-- How far the trail has followed the usage ledger's feed (gateway exchanges), in commit order.
create table audit_feed_cursor (
    tenant_id   text primary key,
    cursor_xid  bigint not null default 0,
    cursor_id   uuid
);

-- Append-only: the application's role may read and add entries and checkpoints, never change or remove them; a
-- trigger refuses changes for every role, and removals except by the retention job, which runs as the schema owner
-- with aurelis.audit_retention set for its transaction.
revoke update, delete, truncate on audit_entry from aurelis_app;
revoke update, delete, truncate on audit_checkpoint from aurelis_app;

create function audit_refuse_change() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' and tg_table_name = 'audit_entry'
            and current_setting('aurelis.audit_retention', true) = 'on' and current_user <> 'aurelis_app' then
        return old;
    end if;
    raise exception 'the audit trail is append-only: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end $$;

create trigger audit_entry_append_only before update or delete on audit_entry
    for each row execute function audit_refuse_change();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_refuse_change();
create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
    for each row execute function audit_refuse_change();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
    for each statement execute function audit_refuse_change();

select aurelis_protect_tenant_tables();
