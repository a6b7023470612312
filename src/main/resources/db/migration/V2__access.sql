-- Access: roles with their permissions, and which roles and models each team has.
create table access_role (
    tenant_id   text not null,
    name        text not null,
    permissions text[] not null,
    built_in    boolean not null default false,
    primary key (tenant_id, name)
);

create table access_team_role (
    tenant_id text not null,
    team      text not null,
    role      text not null,
    primary key (tenant_id, team, role)
);

create table access_team_model (
    tenant_id text not null,
    team      text not null,
    model     text not null,
    primary key (tenant_id, team, model)
);
