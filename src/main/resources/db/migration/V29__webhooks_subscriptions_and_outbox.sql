-- Outbound webhooks (docs/api.md#webhooks, ADR 0045): subscriptions to event types, the outbox of messages to
-- deliver (one row per event and subscription, and one per replay), and the log of every attempt. Tenant tables:
-- row-level security comes from aurelis_protect_tenant_tables() after the migration.

create table webhooks_subscription (
    tenant_id     text        not null,
    id            uuid        not null primary key,
    url           text        not null,
    event_types   text[]      not null,
    description   text,
    -- the whsec_ secret, sealed with the privacy module's envelope encryption (ADR 0042)
    secret_sealed bytea       not null,
    enabled       boolean     not null default true,
    created_by    text,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
create index webhooks_subscription_tenant on webhooks_subscription (tenant_id, created_at);

create table webhooks_delivery (
    tenant_id       text        not null,
    id              uuid        not null primary key,
    subscription_id uuid        not null references webhooks_subscription (id) on delete cascade,
    -- the webhook-id header: the same on every attempt and on a replay, so receivers can tell a message seen before
    message_id      text        not null,
    event_id        text        not null,
    event_type      text        not null,
    -- the CloudEvents JSON exactly as sent (and signed)
    body            text        not null,
    replay_of       uuid,
    created_at      timestamptz not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    delivered_at    timestamptz,
    abandoned_at    timestamptz,
    last_status     integer,
    last_error      text
);
-- an event heard twice (redelivered after a crash) is enqueued once per subscription
create unique index webhooks_delivery_once on webhooks_delivery (tenant_id, subscription_id, event_id)
    where replay_of is null;
create index webhooks_delivery_due on webhooks_delivery (tenant_id, next_attempt_at)
    where delivered_at is null and abandoned_at is null;
create index webhooks_delivery_subscription on webhooks_delivery (tenant_id, subscription_id, created_at);

create table webhooks_attempt (
    tenant_id   text        not null,
    delivery_id uuid        not null references webhooks_delivery (id) on delete cascade,
    number      integer     not null,
    at          timestamptz not null,
    status      integer,
    outcome     text        not null check (outcome in ('delivered', 'retry', 'refused')),
    detail      text,
    primary key (delivery_id, number)
);
