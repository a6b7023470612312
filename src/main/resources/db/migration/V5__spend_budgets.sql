-- Spend: budgets (declared in the configuration file or through the API) and the threshold crossings they fired.
create table spend_budget (
    tenant_id        text not null,
    id               uuid not null,
    scope            text not null,
    subject          text not null,
    providers        text[] not null default '{}',
    period           text not null,
    amount           numeric(20, 6) not null,
    thresholds       numeric[] not null default '{}',
    hard_limit       boolean,
    downgrade_at     numeric,
    downgrade_to     text,
    downgrade_models jsonb,
    source           text not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default clock_timestamp(),
    deleted_at       timestamptz,
    primary key (tenant_id, id)
);
create index spend_budget_updated on spend_budget (updated_at);

-- One row per budget, subject, period and threshold: the unique key is what makes each crossing fire once.
create table spend_budget_event (
    tenant_id   text not null,
    id          uuid not null,
    budget_id   uuid not null,
    scope       text not null,
    subject     text not null,
    period      text not null,
    period_key  text not null,
    threshold   numeric not null,
    amount      numeric(20, 6) not null,
    spent       numeric(20, 6) not null,
    currency    text not null,
    description text not null,
    occurred_at timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, budget_id, subject, period_key, threshold)
);
create index spend_budget_event_time on spend_budget_event (tenant_id, occurred_at);
