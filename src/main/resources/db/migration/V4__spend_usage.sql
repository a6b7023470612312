-- Spend: the usage ledger, one row per exchange, partitioned by month of the exchange.
create table spend_usage (
    tenant_id          text not null,
    id                 uuid not null,
    created_at         timestamptz not null,
    request_id         text not null,
    user_id            uuid,
    user_email         text,
    key_id             uuid,
    team               text,
    department         text,
    cost_center        text,
    project            text,
    model_requested    text,
    model_served       text,
    provider_model     text,
    provider           text,
    endpoint           text not null,
    client_tool        text,
    streamed           boolean not null default false,
    input_tokens       bigint not null default 0,
    cached_tokens      bigint not null default 0,
    cache_write_tokens bigint not null default 0,
    output_tokens      bigint not null default 0,
    reasoning_tokens   bigint not null default 0,
    cost               numeric(20, 10) not null default 0,
    currency           text not null default 'USD',
    priced             boolean not null,
    status             integer not null,
    error_type         text,
    latency_ms         integer not null,
    first_token_ms     integer,
    primary key (tenant_id, created_at, id)
) partition by range (created_at);

-- Catches anything outside the monthly partitions kept ahead by the application, so no record is refused.
create table spend_usage_default partition of spend_usage default;

create index spend_usage_tenant_time on spend_usage (tenant_id, created_at);
