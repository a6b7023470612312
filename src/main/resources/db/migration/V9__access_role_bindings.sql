-- Access: each role's scope and origin, and role bindings (a role granted to a user or a team, optionally
-- limited to a department or team). Bindings replace identity_user_role, which is copied here and no longer
-- read or written (it is dropped in a later release, once no older version runs).
alter table access_role add column scope text not null default 'organization';
alter table access_role add column source text not null default 'configuration';
alter table access_role add column description text;
alter table access_role add column updated_at timestamptz not null default now();
update access_role set source = 'built_in' where built_in;

create table access_role_binding (
    tenant_id        text not null,
    id               uuid not null,
    user_id          uuid,
    team             text,
    role             text not null,
    scope_department text,
    scope_team       text,
    source           text not null,
    created_by       text,
    created_at       timestamptz not null default now(),
    primary key (tenant_id, id),
    check ((user_id is null) <> (team is null)),
    unique nulls not distinct (tenant_id, user_id, team, role, scope_department, scope_team)
);

insert into access_role_binding (tenant_id, id, user_id, role, source, created_by)
select tenant_id, gen_random_uuid(), user_id, role, 'api', 'migration' from identity_user_role
on conflict do nothing;
