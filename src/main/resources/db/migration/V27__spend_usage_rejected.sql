-- Spend: the ledger's dead letters. A usage record the database refuses (a value out of range, a character it cannot
-- store) is kept here with the reason instead of blocking the records committed with it (ADR 0043). The record is
-- the whole UsageRecord as JSON; team, department and user_id are copied out so readers see only what their
-- usage:read reaches, as in spend_usage.
create table spend_usage_rejected (
    tenant_id   text not null,
    id          uuid not null,
    record      jsonb not null,
    reason      text not null,
    team        text,
    department  text,
    user_id     uuid,
    rejected_at timestamptz not null default now(),
    primary key (tenant_id, id)
);

create index spend_usage_rejected_time on spend_usage_rejected (tenant_id, rejected_at);
