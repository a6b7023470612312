-- Tenant isolation in the database, in addition to the tenant filters in code (ADR 0008).
--
-- The application's queries run as the role aurelis_app (created at start by the schema owner), which owns no
-- table and does not bypass row-level security. Every table with a tenant_id column gets a policy that shows
-- and accepts only rows of the tenant named by the setting aurelis.tenant_id, which the application sets on
-- each connection it hands out; with no tenant set, no tenant row is visible and none can be written.
-- The schema owner (migrations and the few cross-tenant components) is not subject to the policies.

grant usage on schema public to aurelis_app;
grant select, insert, update, delete on all tables in schema public to aurelis_app;
revoke insert, update, delete on flyway_schema_history from aurelis_app;
grant usage, select on all sequences in schema public to aurelis_app;
-- Tables and sequences the owner creates later (migrations, ledger partitions) get the same privileges.
alter default privileges in schema public grant select, insert, update, delete on tables to aurelis_app;
alter default privileges in schema public grant usage, select on sequences to aurelis_app;

-- Protects every table with a tenant_id column that is not protected yet; idempotent. Runs at the end of this
-- migration, after every migration run (afterMigrate__tenant_row_level_security.sql) and after new ledger
-- partitions are created, so a tenant table cannot be added without its policy.
create or replace function aurelis_protect_tenant_tables() returns integer
language plpgsql as $$
declare
    t record;
    protected integer := 0;
begin
    for t in
        select c.oid::regclass as name, c.relrowsecurity as secured,
               exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation') as has_policy
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where n.nspname = current_schema() and c.relkind in ('r', 'p')
    loop
        if not t.has_policy then
            execute format('create policy tenant_isolation on %s '
                || 'using (tenant_id::text = current_setting(''aurelis.tenant_id'', true)) '
                || 'with check (tenant_id::text = current_setting(''aurelis.tenant_id'', true))', t.name);
        end if;
        if not t.secured then
            execute format('alter table %s enable row level security', t.name);
            protected := protected + 1;
        end if;
    end loop;
    return protected;
end $$;

select aurelis_protect_tenant_tables();
