package dev.aurelis.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import dev.aurelis.storage.WriterConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Connections made the way the application's pool makes its own (address, login, time limits, the role taken at
 * sign-in), but outside the pool.
 */
final class UnpooledConnections implements WriterConnections {

    private final Driver driver = new Driver();
    private final String url;
    private final Properties properties = new Properties();
    private final String initSql;

    UnpooledConnections(HikariConfig pool) {
        this.url = pool.getJdbcUrl();
        this.properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        this.initSql = pool.getConnectionInitSql();
    }

    @Override
    public Connection open() throws SQLException {
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL address: " + url, "08001");
        }
        try {
            if (initSql != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(initSql);
                }
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
