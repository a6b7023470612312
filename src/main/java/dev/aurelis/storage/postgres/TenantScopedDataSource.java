package dev.aurelis.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.aurelis.storage.TenantBinding;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The primary DataSource: before it hands out a connection it sets {@code aurelis.tenant_id} to the current
 * tenant (or to nothing), so the row-level security policies on every tenant table let through only that
 * tenant's rows. Setting it at every checkout means a pooled connection never carries a previous caller's
 * tenant; a transaction checks out once, so the tenant holds for the whole transaction.
 */
final class TenantScopedDataSource extends DelegatingDataSource implements Closeable {

    private static final String BIND = "select set_config('" + TenantBinding.SETTING + "', ?, false)";

    private final HikariDataSource pool;
    private final TenantBinding binding;

    TenantScopedDataSource(HikariDataSource pool, TenantBinding binding) {
        super(pool);
        this.pool = pool;
        this.binding = binding;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return bound(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return bound(super.getConnection(username, password));
    }

    private Connection bound(Connection connection) throws SQLException {
        String tenant = binding.currentTenant();
        try (PreparedStatement statement = connection.prepareStatement(BIND)) {
            statement.setString(1, tenant == null ? "" : tenant);
            statement.execute();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public void close() {
        pool.close();
    }
}
