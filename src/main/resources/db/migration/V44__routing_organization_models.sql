-- An organisation's own models and named variants of models (docs/routing.md, ADR 0071): a registered model is
-- served by one of the configured providers under the upstream id given (an OpenAI fine-tune, a dedicated
-- deployment), priced per million tokens, for the teams listed (none: the whole organisation); a variant is a base
-- model with a system prompt and default parameters. Both are named within their tenant. Tenant tables: row-level
-- security comes from aurelis_protect_tenant_tables() after the migration.

create table routing_organization_model (
    tenant_id      text          not null,
    name           text          not null,
    provider       text          not null,
    upstream_id    text          not null,
    input_price    numeric(18,6) not null check (input_price >= 0),
    output_price   numeric(18,6) not null check (output_price >= 0),
    context_window integer       check (context_window > 0),
    teams          text[]        not null default '{}',
    created_by     text          not null,
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    primary key (tenant_id, name)
);

create table routing_model_variant (
    tenant_id     text             not null,
    name          text             not null,
    base_model    text             not null,
    system_prompt text,
    temperature   double precision check (temperature >= 0 and temperature <= 2),
    max_tokens    integer          check (max_tokens > 0),
    top_p         double precision check (top_p > 0 and top_p <= 1),
    created_by    text             not null,
    created_at    timestamptz      not null,
    updated_at    timestamptz      not null,
    primary key (tenant_id, name)
);
