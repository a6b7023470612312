-- Identity: what SCIM provisioning keeps about a user, and the teams an identity provider manages as groups.
alter table identity_user add column user_name text;
alter table identity_user add column external_id text;
alter table identity_user add column given_name text;
alter table identity_user add column family_name text;
create unique index identity_user_user_name on identity_user (tenant_id, lower(coalesce(user_name, email)));

-- A team an identity provider provisions as a SCIM group; the team itself belongs to tenancy and outlives it.
create table identity_scim_group (
    tenant_id   text not null,
    id          uuid not null,
    team        text not null,
    external_id text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, team)
);
