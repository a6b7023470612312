package dev.aurelis.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import dev.aurelis.storage.DatabaseFailures;
import dev.aurelis.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage ledger's own connections (ADR 0086) are made like the application's pooled ones: they take the restricted
 * role at sign-in, so row-level security admits only the rows of the tenant they bind, and an address they cannot use
 * is a failure to reach the database, not a record's fault.
 */
class UnpooledConnectionsTests {

    private String url;

    @BeforeEach
    void database() throws SQLException {
        url = TestDatabase.createDatabase("aurelis_unpooled_" + UUID.randomUUID().toString().replace("-", ""));
        try (Connection owner = DriverManager.getConnection(url, "postgres", "");
                Statement statement = owner.createStatement()) {
            statement.execute("do $$ begin create role aurelis_app nologin; "
                    + "exception when duplicate_object then null; end $$");
            statement.execute("grant aurelis_app to current_user");
            statement.execute("create table tenant_rows (tenant_id text not null)");
            statement.execute("alter table tenant_rows enable row level security");
            statement.execute("create policy tenant_isolation on tenant_rows using (tenant_id = current_setting("
                    + "'aurelis.tenant_id', true)) with check (tenant_id = current_setting('aurelis.tenant_id', true))");
            statement.execute("grant select, insert on tenant_rows to aurelis_app");
        }
    }

    private HikariConfig applicationPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setConnectionInitSql("set role " + ApplicationRole.NAME);
        config.addDataSourceProperty("connectTimeout", "3");
        return config;
    }

    @Test
    void aConnectionTakesTheApplicationsRoleAndRowLevelSecurityHolds() throws SQLException {
        try (Connection connection = new UnpooledConnections(applicationPool()).open();
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(ApplicationRole.NAME);
            }
            statement.execute("select set_config('aurelis.tenant_id', 'tenant-a', false)");
            statement.execute("insert into tenant_rows values ('tenant-a')");
            assertThatThrownBy(() -> statement.execute("insert into tenant_rows values ('tenant-b')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
        }
    }

    @Test
    void anAddressThatIsNotPostgresIsAFailureToReachTheDatabase() {
        HikariConfig config = applicationPool();
        config.setJdbcUrl("jdbc:mysql://127.0.0.1:3306/aurelis");
        assertThatThrownBy(() -> new UnpooledConnections(config).open())
                .isInstanceOf(SQLException.class).hasMessageContaining("Not a PostgreSQL address")
                .satisfies(failure -> assertThat(DatabaseFailures.unavailable(failure)).isTrue());
    }

    @Test
    void aServerThatDoesNotAnswerIsAFailureToReachTheDatabase() {
        HikariConfig config = applicationPool();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:9/nothing");
        assertThatThrownBy(() -> new UnpooledConnections(config).open())
                .isInstanceOf(SQLException.class)
                .satisfies(failure -> assertThat(DatabaseFailures.unavailable(failure)).isTrue());
    }
}
