-- Analytics: rollups of the usage ledger, maintained from the ledger feed (ADR 0020).
--
-- A cube is a set of dimensions; each cube's facts are kept per UTC hour and per day of the organisation's time
-- zone. analytics_dimension holds each distinct combination of dimension values once (its id is a hash of the
-- values, computed by the application); facts refer to it and carry the measures: exchanges (final attempts),
-- attempts, tokens, exact cost, and latency and time-to-first-token distributions as HdrHistogram sketches.
create table analytics_dimension (
    tenant_id       text not null,
    id              uuid not null,
    cube            smallint not null,
    user_id         uuid,
    user_email      text,
    team            text,
    department      text,
    cost_center     text,
    project         text,
    model           text,
    model_requested text,
    provider        text,
    endpoint        text,
    client_tool     text,
    task            text,
    status          integer,
    error_type      text,
    priced          boolean,
    primary key (tenant_id, id)
);

create table analytics_usage_hourly (
    tenant_id          text not null,
    cube               smallint not null,
    bucket             timestamptz not null,
    dimension_id       uuid not null,
    requests           bigint not null,
    attempts           bigint not null,
    input_tokens       bigint not null,
    cached_tokens      bigint not null,
    cache_write_tokens bigint not null,
    output_tokens      bigint not null,
    reasoning_tokens   bigint not null,
    cost               numeric(30, 10) not null,
    latency_count      bigint not null,
    latency_ms_sum     bigint not null,
    latency_sketch     bytea,
    first_token_count  bigint not null,
    first_token_ms_sum bigint not null,
    first_token_sketch bytea,
    primary key (tenant_id, cube, bucket, dimension_id)
);

create table analytics_usage_daily (
    tenant_id          text not null,
    cube               smallint not null,
    day                date not null,
    dimension_id       uuid not null,
    requests           bigint not null,
    attempts           bigint not null,
    input_tokens       bigint not null,
    cached_tokens      bigint not null,
    cache_write_tokens bigint not null,
    output_tokens      bigint not null,
    reasoning_tokens   bigint not null,
    cost               numeric(30, 10) not null,
    latency_count      bigint not null,
    latency_ms_sum     bigint not null,
    latency_sketch     bytea,
    first_token_count  bigint not null,
    first_token_ms_sum bigint not null,
    first_token_sketch bytea,
    primary key (tenant_id, cube, day, dimension_id)
);

-- Each person's first and last exchange, for adoption (new and returning users, time to first use).
create table analytics_user_activity (
    tenant_id   text not null,
    user_id     uuid not null,
    user_email  text,
    first_seen  timestamptz not null,
    last_seen   timestamptz not null,
    primary key (tenant_id, user_id)
);

-- How far each grain has folded the ledger feed, and the time zone its days are cut in. The cursor of a grain is
-- updated in the same transaction as its facts, so a page is folded exactly once.
create table analytics_rollup_state (
    tenant_id     text not null,
    grain         text not null,
    cursor_xid    bigint not null default 0,
    cursor_id     uuid,
    time_zone     text,
    updated_at    timestamptz not null default now(),
    primary key (tenant_id, grain)
);
