-- Alerting (docs/alerting.md): the outbox of notifications to deliver, the alerts rules raised, silences,
-- and the learned hour-of-week baselines. Tenant tables: row-level security comes from
-- aurelis_protect_tenant_tables() after the migration.

create table alerting_outbox (
    tenant_id       text        not null,
    id              uuid        not null primary key,
    channel         text        not null,
    notice          jsonb       not null,
    -- the same key is enqueued once: a listener that sees an event twice does not send twice
    dedup_key       text,
    created_at      timestamptz not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    delivered_at    timestamptz,
    abandoned_at    timestamptz,
    last_error      text
);
create unique index alerting_outbox_dedup on alerting_outbox (tenant_id, dedup_key) where dedup_key is not null;
create index alerting_outbox_due on alerting_outbox (tenant_id, next_attempt_at)
    where delivered_at is null and abandoned_at is null;

create table alerting_alert (
    tenant_id        text        not null,
    id               uuid        not null primary key,
    rule             text        not null,
    group_key        text        not null,
    state            text        not null check (state in ('pending', 'firing', 'resolved')),
    severity         text        not null,
    summary          text        not null,
    value            numeric,
    pending_since    timestamptz not null,
    fired_at         timestamptz,
    resolved_at      timestamptz,
    last_notified_at timestamptz,
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    details          jsonb       not null default '{}'
);
-- one episode at a time per rule and group
create unique index alerting_alert_open on alerting_alert (tenant_id, rule, group_key) where state <> 'resolved';
create index alerting_alert_recent on alerting_alert (tenant_id, pending_since desc);

create table alerting_silence (
    tenant_id  text        not null,
    id         uuid        not null primary key,
    rule       text,
    group_key  text,
    starts_at  timestamptz not null,
    ends_at    timestamptz not null,
    reason     text,
    created_by text,
    created_at timestamptz not null
);
create index alerting_silence_active on alerting_silence (tenant_id, ends_at);

create table alerting_baseline (
    tenant_id    text             not null,
    signal       text             not null,
    subject      text             not null,
    hour_of_week integer          not null check (hour_of_week between 0 and 167),
    -- the most recent weekly observations, newest last (at most 8)
    samples      double precision[] not null,
    updated_at   timestamptz      not null,
    primary key (tenant_id, signal, subject, hour_of_week)
);
