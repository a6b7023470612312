-- Workflow definitions written through the admin API (ADR 0070), beside those of the configuration file. Each row is
-- one organisation's definition in the brief's shape, as it was sent (YAML or JSON text, checked by the same code as
-- the file's); `version` grows with every change so that two administrators cannot overwrite each other unknowingly.
-- A deleted definition keeps its row (deleted_at), so its name's versions keep growing and other replicas notice the
-- deletion by updated_at. Tenant table: row-level security comes from aurelis_protect_tenant_tables().

create table workflows_definition (
    tenant_id  text        not null,
    name       text        not null,
    definition text        not null,
    version    bigint      not null,
    created_by text,
    created_at timestamptz not null default clock_timestamp(),
    updated_by text,
    updated_at timestamptz not null default clock_timestamp(),
    deleted_at timestamptz,
    primary key (tenant_id, name)
);
create index workflows_definition_changed on workflows_definition (updated_at);
