-- After every migration run: give any new tenant table (one with a tenant_id column) its row-level security
-- policy (see V8__storage_tenant_row_level_security.sql).
select aurelis_protect_tenant_tables();
