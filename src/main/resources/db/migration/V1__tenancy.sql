-- Tenancy: organisations (tenants) and the dimensions spend is attributed to.
create table tenancy_organization (
    tenant_id   text primary key,
    external_id text,
    name        text not null,
    time_zone   text not null default 'UTC',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table tenancy_department (
    tenant_id    text not null references tenancy_organization (tenant_id),
    name         text not null,
    display_name text,
    cost_center  text,
    parent       text,
    created_at   timestamptz not null default now(),
    primary key (tenant_id, name)
);

create table tenancy_team (
    tenant_id   text not null references tenancy_organization (tenant_id),
    name        text not null,
    department  text,
    cost_center text,
    created_at  timestamptz not null default now(),
    primary key (tenant_id, name)
);

create table tenancy_project (
    tenant_id    text not null references tenancy_organization (tenant_id),
    name         text not null,
    display_name text,
    cost_center  text,
    created_at   timestamptz not null default now(),
    primary key (tenant_id, name)
);
