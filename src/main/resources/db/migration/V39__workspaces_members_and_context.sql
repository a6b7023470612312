-- Team workspaces (docs/workspaces.md, ADR 0051): a tenant's workspaces with their permission areas and settings,
-- their members with a workspace role, and the versions of the context items members share. Tenant tables:
-- row-level security comes from aurelis_protect_tenant_tables() after the migration.

create table workspaces_workspace (
    tenant_id            text        not null,
    id                   uuid        not null primary key,
    name                 text        not null,
    description          text,
    -- the permission areas of the brief: what a member (role 'member') may do in each
    chat                 text        not null default 'read_write' check (chat in ('none', 'read', 'read_write')),
    github               text        not null default 'read_write' check (github in ('none', 'read', 'read_write')),
    a2a                  text        not null default 'read_write' check (a2a in ('none', 'read', 'read_write')),
    default_provider     text,
    default_model        text,
    project              text,
    code_review_required boolean     not null default false,
    context_tokens       integer     not null check (context_tokens between 0 and 100000),
    -- 'configuration' when the configuration file declares it, 'api' when made through the admin API
    via                  text        not null,
    archived_at          timestamptz,
    created_by           text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    unique (tenant_id, name)
);

create table workspaces_member (
    tenant_id    text        not null,
    workspace_id uuid        not null references workspaces_workspace (id) on delete cascade,
    -- an e-mail address, or a bare name that matches the local part of a caller's address (the brief's 'alice')
    member       text        not null,
    role         text        not null check (role in ('owner', 'member', 'viewer')),
    via          text        not null,
    added_by     text,
    added_at     timestamptz not null,
    primary key (workspace_id, member)
);
create index workspaces_member_tenant on workspaces_member (tenant_id, member);

-- every version of every shared item is kept; the current item is its highest version (null content: removed)
create table workspaces_context_version (
    tenant_id    text        not null,
    workspace_id uuid        not null references workspaces_workspace (id) on delete cascade,
    kind         text        not null,
    name         text        not null default '',
    version      integer     not null,
    content      text,
    shared_by    text,
    shared_at    timestamptz not null,
    primary key (workspace_id, kind, name, version)
);
create index workspaces_context_version_tenant on workspaces_context_version (tenant_id, workspace_id, shared_at);
