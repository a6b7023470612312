-- Identity: users, their teams and roles, and API keys (only a hash of each key is stored).
create table identity_user (
    tenant_id    text not null,
    id           uuid not null,
    email        text not null,
    display_name text,
    status       text not null default 'active',
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, email)
);

create table identity_user_team (
    tenant_id text not null,
    user_id   uuid not null,
    team      text not null,
    primary key (tenant_id, user_id, team),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);

create table identity_user_role (
    tenant_id text not null,
    user_id   uuid not null,
    role      text not null,
    primary key (tenant_id, user_id, role),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id) on delete cascade
);

create table identity_api_key (
    tenant_id   text not null,
    id          uuid not null,
    key_hash    bytea not null,
    prefix      text not null,
    user_id     uuid not null,
    team        text,
    project     text,
    name        text,
    roles       text[] not null default '{}',
    created_at  timestamptz not null default now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    replaced_by uuid,
    grace_until timestamptz,
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (key_hash),
    foreign key (tenant_id, user_id) references identity_user (tenant_id, id)
);
create index identity_api_key_updated on identity_api_key (updated_at);
