package dev.aurelis.onboarding.steps;

import dev.aurelis.configuration.Organization;
import dev.aurelis.tenancy.Organizations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code setup_tenant_isolation}: the organisation the configuration names is this tenant's, and PostgreSQL
 * enforces row-level security: every table with a {@code tenant_id} has its isolation policy switched on and the
 * application's database role can neither bypass it nor is a superuser.
 */
@Component
class TenantIsolationStep implements OnboardingStep {

    private final Organizations organizations;
    private final JdbcClient jdbc;

    TenantIsolationStep(Organizations organizations, JdbcClient jdbc) {
        this.organizations = organizations;
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "setup_tenant_isolation";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        dev.aurelis.tenancy.Organization stored = organizations.organization(context.tenant()).orElseThrow(() ->
                new StepFailed("No organisation is stored for tenant " + context.tenant().value()
                        + "; start the server with this configuration so that it declares the organisation."));
        Organization declared = context.config().organization();
        if (declared.id() != null && !declared.id().equals(stored.externalId())
                && !declared.id().equals(stored.tenantId().value())) {
            throw new StepFailed("The configuration describes organisation '" + declared.id() + "' but this tenant is '"
                    + stored.externalId() + "'; onboard with the tenant's own configuration, or use its administrator key.");
        }
        Boolean bypasses = jdbc.sql("select rolsuper or rolbypassrls from pg_roles where rolname = current_user")
                .query(Boolean.class).single();
        if (Boolean.TRUE.equals(bypasses)) {
            throw new StepFailed("The application's database role bypasses row-level security (superuser or BYPASSRLS); "
                    + "connect as a role created nosuperuser nobypassrls (docs/operations.md).");
        }
        List<String> unprotected = jdbc.sql("""
                select c.relname from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                where n.nspname = current_schema() and c.relkind in ('r', 'p')
                  and (not c.relrowsecurity
                       or not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation'))
                order by c.relname""").query(String.class).list();
        if (!unprotected.isEmpty()) {
            throw new StepFailed("Row-level security is not in force on " + String.join(", ", unprotected)
                    + "; run the migrations again (aurelis_protect_tenant_tables()).");
        }
        Integer tables = jdbc.sql("""
                select count(*) from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                where n.nspname = current_schema() and c.relkind in ('r', 'p')""").query(Integer.class).single();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tenant_id", stored.tenantId().value());
        result.put("organization", stored.name());
        result.put("row_level_security_tables", tables);
        return result;
    }
}
