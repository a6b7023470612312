package dev.aurelis.spend.ledger;

import dev.aurelis.storage.DatabaseFailures;
import dev.aurelis.storage.TenantBinding;
import dev.aurelis.storage.WriterConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * The ledger writer's own connection and what its session says: the tenant row-level security admits and the commit
 * mode. A pooled connection would have to be told both in every transaction (two more round trips per group, each
 * waking the database and the writer); this one is told once, and again only when they change. A connection that
 * fails to reach the database is dropped and the next batch opens another. Not for concurrent use.
 */
public final class WriterSession implements AutoCloseable {

    /** Sets an item's parameters on the statement. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    private static final String BIND_TENANT = "select set_config('" + TenantBinding.SETTING + "', ?, false)";

    private final WriterConnections connections;
    private final int networkTimeoutMillis;
    private Connection connection;
    private String tenant;
    private Boolean synchronous;

    public WriterSession(WriterConnections connections, int networkTimeoutMillis) {
        this.connections = connections;
        this.networkTimeoutMillis = networkTimeoutMillis;
    }

    /** Inserts the items with {@code sql} in one batch, committed as one implicit transaction when it ends. */
    public <T> void insert(String tenantId, boolean synchronousCommit, String sql, List<T> items, Binder<T> binder)
            throws SQLException {
        try {
            Connection c = connection();
            if (!Objects.equals(synchronous, synchronousCommit)) {
                try (Statement statement = c.createStatement()) {
                    // said either way: the server's own default need not be on (the embedded library's is off)
                    statement.execute(synchronousCommit ? "set synchronous_commit = on" : "set synchronous_commit = off");
                }
                synchronous = synchronousCommit;
            }
            if (!tenantId.equals(tenant)) {
                try (PreparedStatement statement = c.prepareStatement(BIND_TENANT)) {
                    statement.setString(1, tenantId);
                    statement.execute();
                }
                tenant = tenantId;
            }
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                for (T item : items) {
                    binder.bind(statement, item);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        } catch (SQLException | RuntimeException e) {
            if (DatabaseFailures.unavailable(e) || closedByDriver()) {
                close();
            }
            throw e;
        }
    }

    /** Whether the driver gave the connection up; asked after a failure, so it must not throw one of its own. */
    private boolean closedByDriver() {
        try {
            return connection != null && connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = connections.open();
            try {
                opened.setAutoCommit(true);
                // a database that stops answering mid-batch fails the batch (to be retried, then spilled) in seconds
                // instead of holding the writer, and every exchange waiting on it, on a silent socket
                opened.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
            } catch (SQLException | RuntimeException e) {
                opened.close();
                throw e;
            }
            connection = opened;
            tenant = null;
            synchronous = null;
        }
        return connection;
    }

    /** Closes the connection, if one is open; the next insert opens another. */
    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing is pending on it: each batch commits, or fails, before the insert returns
        } finally {
            connection = null;
        }
    }
}
