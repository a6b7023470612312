package dev.aurelis.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.access.AccessDeclaration;
import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Grantor;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.IssuedKey;
import dev.aurelis.identity.KeyRequest;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.spend.Budget;
import dev.aurelis.spend.BudgetPeriod;
import dev.aurelis.spend.BudgetScope;
import dev.aurelis.spend.Budgets;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.testing.AccessTestBase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tenant isolation in the database: with tenant A current, a query that forgets its tenant filter still sees
 * only A's rows, and writing B's rows is refused, because every tenant table has a row-level security policy
 * and the application's connections run as a role the policies apply to. The admin API's own tenant checks
 * are tested on top.
 */
class TenantIsolationTests extends AccessTestBase {

    private static final TenantId A = TENANT;
    private static final TenantId B = TenantId.of("tenant-b");

    /** Tables with rows of both tenants once the set-up has run. */
    private static final List<String> TENANT_TABLES = List.of("tenancy_organization", "tenancy_team", "identity_user",
            "identity_user_team", "identity_api_key", "access_role", "spend_usage", "spend_budget");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @SystemDatabase
    DataSource system;

    @Autowired
    Organizations organizations;

    @Autowired
    ApiKeys keys;

    @Autowired
    SignIn signIn;

    @Autowired
    AccessPolicy access;

    @Autowired
    Flyway flyway;

    @Autowired
    Budgets budgets;

    @Autowired
    ConfigurableListableBeanFactory beans;

    private static IssuedKey tenantBKey;
    private static String tenantBRequest;

    @BeforeEach
    void secondTenant() {
        if (tenantBKey != null) {
            return;
        }
        TenantContext.run(B, () -> {
            organizations.declare(new OrganizationDeclaration(B, "Tenant B", "tenant-b", "UTC", List.of(),
                    List.of(new Team("b-team", null, null)), List.of()));
            access.declare(new AccessDeclaration(B, Map.of(), Map.of(), Map.of()));
            tenantBKey = keys.issue(new KeyRequest(B, "bob@tenant-b.example", "b-team", null, "b", null,
                    List.of("developer")), Grantor.system("test"));
        });
        HttpResponse<String> answer = asInstanceOf(B, () -> openAi("/v1/chat/completions", tenantBKey.key(), CHAT));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        tenantBRequest = answer.headers().firstValue("x-aurelis-request-id").orElseThrow();
        // a budget of each tenant, far above anything these tests spend
        for (TenantId tenant : List.of(A, B)) {
            budgets.save(new Budget(null, tenant.value(), BudgetScope.USER, "isolation@" + tenant.value() + ".example",
                    Set.of(), BudgetPeriod.MONTHLY, new BigDecimal("100000"), List.of(), null, null, Budget.FROM_API));
        }
        // a row of A in every table, too
        assertThat(openAi("/v1/chat/completions", keyWithRole("developer", "platform"), CHAT).statusCode()).isEqualTo(200);
    }

    /**
     * Runs {@code work} as if this server were the instance of organisation {@code tenant}: several organisations
     * share one database, each served by instances configured for it, and a key is valid only at its own.
     */
    private <T> T asInstanceOf(TenantId tenant, java.util.function.Supplier<T> work) {
        SignInSettings own = signIn.settings();
        signIn.configure(SignInSettings.localOnly(tenant));
        try {
            return work.get();
        } finally {
            signIn.configure(own);
        }
    }

    @Test
    void aKeyOfAnotherOrganisationIsRefusedByThisOrganisationsInstance() {
        int upstreamCalls = FAKE.requests().size();
        HttpResponse<String> chat = openAi("/v1/chat/completions", tenantBKey.key(), CHAT);
        HttpResponse<String> models = call(tenantBKey.key(), "GET", "/v1/models", null);
        HttpResponse<String> messages = anthropic("/v1/messages", tenantBKey.key(),
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> adminApi = call(tenantBKey.key(), "GET", "/api/v1/keys", null);

        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(401);
        assertThat(json(chat.body()).path("error").path("type").asString()).isEqualTo("authentication_error");
        assertThat(models.statusCode()).isEqualTo(401);
        assertThat(messages.statusCode()).isEqualTo(401);
        assertThat(json(messages.body()).path("type").asString()).isEqualTo("error");
        assertThat(adminApi.statusCode()).isEqualTo(401);
        assertThat(FAKE.requests()).hasSize(upstreamCalls);
    }

    private List<String> tenantsIn(String table) {
        // no 'where tenant_id = ?': the policy alone decides what comes back
        return jdbc.sql("select distinct tenant_id from " + table).query(String.class).list();
    }

    @Test
    void bothTenantsHaveRowsInEveryTable() {
        JdbcClient owner = JdbcClient.create(system);
        for (String table : TENANT_TABLES) {
            assertThat(owner.sql("select distinct tenant_id from " + table).query(String.class).list())
                    .as(table).contains(A.value(), B.value());
        }
    }

    @Test
    void aQueryThatForgetsItsTenantFilterSeesOnlyTheCurrentTenantsRows() {
        for (String table : TENANT_TABLES) {
            assertThat(TenantContext.call(A, () -> tenantsIn(table))).as(table).containsExactly(A.value());
            assertThat(TenantContext.call(B, () -> tenantsIn(table))).as(table).containsExactly(B.value());
        }
        long keysOfB = TenantContext.call(A, () -> jdbc.sql("select count(*) from identity_api_key where id = ?")
                .param(tenantBKey.info().id()).query(Long.class).single());
        assertThat(keysOfB).isZero();
    }

    @Test
    void withoutACurrentTenantNoTenantRowIsVisible() {
        for (String table : TENANT_TABLES) {
            assertThat(tenantsIn(table)).as(table).isEmpty();
        }
    }

    @Test
    void writingAnotherTenantsRowsIsRefusedOrReachesNothing() {
        TenantContext.run(A, () -> {
            assertThatThrownBy(() -> jdbc.sql("insert into tenancy_team (tenant_id, name) values (?, ?)")
                    .params(B.value(), "smuggled").update())
                    .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("row-level security");
            assertThatThrownBy(() -> jdbc.sql("update tenancy_team set tenant_id = ? where name = 'platform'")
                    .param(B.value()).update())
                    .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("row-level security");
            assertThat(jdbc.sql("update identity_user set display_name = 'hijacked' where email = 'bob@tenant-b.example'")
                    .update()).isZero();
            assertThat(jdbc.sql("update identity_api_key set revoked_at = now() where tenant_id = ?").param(B.value())
                    .update()).isZero();
            assertThat(jdbc.sql("delete from spend_usage where tenant_id = ?").param(B.value()).update()).isZero();
        });
        JdbcClient owner = JdbcClient.create(system);
        assertThat(owner.sql("select count(*) from tenancy_team where name = 'smuggled'").query(Long.class).single()).isZero();
        assertThat(owner.sql("select count(*) from tenancy_team where tenant_id = ? and name = 'platform'")
                .param(B.value()).query(Long.class).single()).isZero();
        assertThat(owner.sql("select display_name from identity_user where email = 'bob@tenant-b.example'")
                .query(String.class).optional()).isEmpty();
        assertThat(asInstanceOf(B, () -> openAi("/v1/chat/completions", tenantBKey.key(), CHAT)).statusCode()).isEqualTo(200);
    }

    @Test
    void theAdminApiOfTenantAFindsNothingOfTenantB() {
        UUID keyOfB = tenantBKey.info().id();
        assertThat(admin("GET", "/api/v1/keys/" + keyOfB, null).statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/api/v1/keys/" + keyOfB, null).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/api/v1/keys", null).body()).doesNotContain(keyOfB.toString());
        assertThat(json(admin("GET", "/api/v1/usage?request_id=" + tenantBRequest, null).body()).path("records")).isEmpty();
        assertThat(admin("GET", "/api/v1/users", null).body()).doesNotContain("tenant-b.example");
        assertThat(admin("GET", "/api/v1/teams", null).body()).doesNotContain("b-team");
        assertThat(admin("GET", "/api/v1/budgets", null).body()).contains("isolation@" + A.value())
                .doesNotContain("isolation@" + B.value());
        assertThat(asInstanceOf(B, () -> openAi("/v1/chat/completions", tenantBKey.key(), CHAT)).statusCode()).isEqualTo(200);
    }

    @Test
    void theLedgerRecordsEachExchangeUnderItsOwnTenant() {
        String tenantOfRecord = JdbcClient.create(system).sql("select tenant_id from spend_usage where request_id = ?")
                .param(tenantBRequest).query(String.class).single();
        assertThat(tenantOfRecord).isEqualTo(B.value());
        assertThat(TenantContext.call(B, () -> jdbc.sql("select count(*) from spend_usage where request_id = ?")
                .param(tenantBRequest).query(Long.class).single())).isEqualTo(1);
    }

    @Test
    void everyTableWithATenantIdHasTheTenantPolicy() {
        List<String> unprotected = JdbcClient.create(system).sql("""
                select c.relname from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                where n.nspname = current_schema() and c.relkind in ('r', 'p')
                  and (not c.relrowsecurity
                       or not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation'))
                """).query(String.class).list();
        assertThat(unprotected).isEmpty();
        // the spend module's tables are among those the policy covers, events included
        List<String> spendTables = JdbcClient.create(system).sql("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = current_schema() and c.relrowsecurity and c.relname like 'spend_budget%'""")
                .query(String.class).list();
        assertThat(spendTables).contains("spend_budget", "spend_budget_event");
        long protectedTables = JdbcClient.create(system).sql("""
                select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = current_schema() and c.relrowsecurity""").query(Long.class).single();
        assertThat(protectedTables).isGreaterThanOrEqualTo(TENANT_TABLES.size());
    }

    @Test
    void theApplicationRunsAsARoleThatRowLevelSecurityAppliesTo() {
        List<Object> role = jdbc.sql("""
                select current_user, r.rolsuper, r.rolbypassrls,
                       exists (select 1 from pg_tables t where t.tableowner = current_user)
                from pg_roles r where r.rolname = current_user""")
                .query((rs, n) -> List.<Object>of(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)))
                .single();
        assertThat(role).containsExactly("aurelis_app", false, false, false);
    }

    @Test
    void onlyMigrationsAndTheAuditedComponentsUseTheSystemConnections() {
        assertThat(flyway.getConfiguration().getDataSource()).isSameAs(system);
        List<String> users = Arrays.stream(beans.getDependentBeans("systemDataSource"))
                .filter(name -> !name.equals(getClass().getName())).toList();
        // the database probe reads only the owner's connection settings, to open a connection of its own that runs
        // "select 1" (readiness); it reads and writes no table. The consent register reads every tenant's consents
        // (read only) into the memory the gateway's content log consults, as the access policy and the keys do.
        assertThat(users).containsExactlyInAnyOrder("dataSource", "organizations", "accessPolicy", "apiKeys",
                "usagePartitions", "budgets", "auditRetention", "auditErasure", "dataKeys", "databaseProbe",
                "backups", "consentRegister");
    }
}
