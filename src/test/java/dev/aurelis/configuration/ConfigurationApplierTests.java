package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ConfigurationApplierTests extends GatewayTestBase {

    @Autowired
    ConfigurationApplier applier;

    @Autowired
    ActiveConfiguration active;

    @Autowired
    JdbcClient jdbc;

    private static final TenantId TENANT = TenantId.of("tenant-test");

    /** Every row's identity and version (PostgreSQL's xmin changes whenever a row is written). */
    private List<String> declaredRows() {
        return TenantContext.call(TENANT, () -> jdbc.sql("""
                select 'org:' || tenant_id || ':' || xmin::text from tenancy_organization
                union all select 'dept:' || name || ':' || xmin::text from tenancy_department
                union all select 'team:' || name || ':' || xmin::text from tenancy_team
                union all select 'project:' || name || ':' || xmin::text from tenancy_project
                union all select 'role:' || name || ':' || xmin::text from access_role
                union all select 'team-role:' || team || ':' || role || ':' || xmin::text from access_team_role
                union all select 'team-model:' || team || ':' || model || ':' || xmin::text from access_team_model
                order by 1""").query(String.class).list());
    }

    @Test
    void appliesTheDeclaredOrganisation() {
        TenantContext.run(TENANT, this::assertDeclaredOrganisation);
    }

    private void assertDeclaredOrganisation() {
        assertThat(jdbc.sql("select name from tenancy_organization where tenant_id = 'tenant-test'").query(String.class).single())
                .isEqualTo("Test Corp");
        assertThat(jdbc.sql("select department || '/' || cost_center from tenancy_team where tenant_id = 'tenant-test' and name = 'engineering'")
                .query(String.class).single()).isEqualTo("engineering/ENG-001");
        assertThat(jdbc.sql("select model from access_team_model where tenant_id = 'tenant-test' and team = 'restricted'")
                .query(String.class).list()).containsExactly("gpt-4o-mini");
    }

    @Test
    void applyingTheSameFileAgainChangesNothing() {
        List<String> before = declaredRows();
        assertThat(before).hasSizeGreaterThan(10);

        applier.apply(active.config());

        assertThat(declaredRows()).isEqualTo(before);
        assertThat(TenantContext.call(TENANT, () -> jdbc.sql(
                "select count(*) from identity_api_key where 'enterprise_admin' = any(roles)").query(Long.class).single()))
                .isEqualTo(1);
    }
}
