package dev.aurelis.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.storage.TenantBinding;
import dev.aurelis.storage.WriterConnections;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Connects to the configured PostgreSQL, or starts the embedded one whose data survives restarts, with two
 * pools: the application's (row-level security applies) and the system one (schema owner, migrations); and the
 * application's connections outside its pool, for the usage ledger's writer.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DataSourceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DataSourceConfiguration.class);
    private static final String EMBEDDED_DATABASE = "aurelis";

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(DatabaseProperties properties, @Value("${aurelis.data-dir}") String dataDir) {
        if (properties.external()) {
            return EmbeddedDatabase.none();
        }
        Path directory = DatabaseProperties.embeddedDirectory(Path.of(dataDir).toAbsolutePath().normalize());
        DataDirectoryLock lock = null;
        try {
            Files.createDirectories(directory);
            lock = DataDirectoryLock.acquire(directory);
            // a server killed before it could stop its PostgreSQL (and whose watchdog died with it) left it running
            Postmaster.stopOrphan(directory);
            String password = EmbeddedCredentials.prepare(directory.getParent(), directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.toFile())
                    .setCleanDataDirectory(false)
                    // Stopped with the application context (after the pools and the ledger's last commit), not
                    // by a JVM shutdown hook of its own that would race the context's orderly close.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    // The library starts PostgreSQL with -F (no fsync), fit for throw-away test databases; this
                    // one keeps an organisation's records, so a power loss must not corrupt them. Later options win.
                    .setServerConfig("fsync", "on")
                    // It also turns synchronous_commit off for every transaction; here keys, users, budgets and the
                    // audit trail are on disk when their commit returns (docs/operations.md). The ledger says its own.
                    .setServerConfig("synchronous_commit", "on")
                    // loopback only, and every connection proves the password (EmbeddedCredentials)
                    .setServerConfig("listen_addresses", "localhost")
                    .setConnectConfig("password", password);
            if (properties.embeddedPort() != null && properties.embeddedPort() > 0) {
                builder.setPort(properties.embeddedPort());
            }
            EmbeddedPostgres postgres = builder.start();
            try {
                EmbeddedCredentials.enforce(postgres, directory, password);
                ensureDatabase(postgres);
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
            PostmasterWatchdog watchdog = PostmasterWatchdog.watch(directory);
            log.info("Embedded PostgreSQL started on 127.0.0.1:{} with its data in {}", postgres.getPort(), directory);
            return new EmbeddedDatabase(postgres, watchdog, lock, password);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory
                    + " (set AURELIS_DB_URL to use an external PostgreSQL instead)", (IOException) e);
        }
    }

    private static void closeQuietly(DataDirectoryLock lock) {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                log.debug("Could not release the data directory lock", e);
            }
        }
    }

    /**
     * The schema owner's connections: Flyway migrates with them, and the few components that must work across
     * tenants (see {@link SystemDatabase}) read and write with them. Row-level security does not filter them.
     */
    @Bean(destroyMethod = "close")
    @SystemDatabase
    @FlywayDataSource
    HikariDataSource systemDataSource(DatabaseProperties properties, EmbeddedDatabase embedded) {
        HikariConfig config = ownerConfig(properties, embedded);
        config.setPoolName("aurelis-system");
        config.setMaximumPoolSize(properties.effectiveSystemPoolSize());
        HikariDataSource owner = new HikariDataSource(config);
        ApplicationRole.ensure(owner);
        return owner;
    }

    /**
     * The application's connections: they run as the role {@code aurelis_app}, to which row-level security
     * applies, and see only the rows of the tenant the current thread acts for.
     */
    @Bean(destroyMethod = "close")
    @Primary
    TenantScopedDataSource dataSource(DatabaseProperties properties, EmbeddedDatabase embedded,
            @SystemDatabase DataSource system, ObjectProvider<TenantBinding> binding) {
        HikariConfig config = applicationConfig(properties, embedded);
        HikariDataSource pool = new HikariDataSource(config);
        ApplicationRole.verifyRestricted(pool);
        return new TenantScopedDataSource(pool, binding.getIfAvailable(() -> () -> null));
    }

    /** The application's connections outside its pool, for a writer that keeps one open (the usage ledger). */
    @Bean
    WriterConnections writerConnections(DatabaseProperties properties, EmbeddedDatabase embedded,
            TenantScopedDataSource application) {
        // made after the pool, so the role exists and is known to be restricted (see systemDataSource, dataSource)
        return new UnpooledConnections(applicationConfig(properties, embedded));
    }

    private static HikariConfig applicationConfig(DatabaseProperties properties, EmbeddedDatabase embedded) {
        HikariConfig config;
        if (properties.separateAppLogin()) {
            config = new HikariConfig();
            config.setJdbcUrl(properties.external() ? properties.url()
                    : embedded.postgres().getJdbcUrl("postgres", EMBEDDED_DATABASE));
            config.setUsername(properties.appUser());
            if (properties.appPassword() != null && !properties.appPassword().isBlank()) {
                config.setPassword(properties.appPassword());
            }
        } else {
            config = ownerConfig(properties, embedded);
            // The owner's session takes the restricted role before any query; the role exists (see systemDataSource).
            config.setConnectionInitSql("set role " + ApplicationRole.NAME);
        }
        bounded(config, properties);
        config.setPoolName("aurelis");
        config.setMaximumPoolSize(properties.effectivePoolSize());
        return config;
    }

    private static HikariConfig ownerConfig(DatabaseProperties properties, EmbeddedDatabase embedded) {
        HikariConfig config = new HikariConfig();
        if (properties.external()) {
            config.setJdbcUrl(properties.url());
            if (properties.user() != null && !properties.user().isBlank()) {
                config.setUsername(properties.user());
            }
            if (properties.password() != null && !properties.password().isBlank()) {
                config.setPassword(properties.password());
            }
        } else {
            config.setJdbcUrl(embedded.postgres().getJdbcUrl("postgres", EMBEDDED_DATABASE));
            config.setUsername("postgres");
            config.setPassword(embedded.password());
        }
        // Fail fast with the driver's own reason instead of an opaque pool timeout.
        config.setInitializationFailTimeout(1);
        bounded(config, properties);
        return config;
    }

    /**
     * Short waits on the request path (ADR 0043): a connection from the pool within the connection timeout, a new
     * connection's TCP connect and sign-in within it too, and a pooled connection's liveness check within a second.
     * A query on a connection that is already open is not cut (long reports are legitimate); a database that stops
     * answering is noticed by the readiness probe instead.
     */
    private static void bounded(HikariConfig config, DatabaseProperties properties) {
        long millis = properties.effectiveConnectionTimeout().toMillis();
        String seconds = Long.toString(Math.max(1, properties.effectiveConnectionTimeout().toSeconds()));
        config.setConnectionTimeout(Math.max(250, millis));
        config.setValidationTimeout(Math.min(1000, Math.max(250, millis)));
        config.addDataSourceProperty("connectTimeout", seconds);
        config.addDataSourceProperty("loginTimeout", seconds);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // a batch of inserts goes as multi-row statements, not one per row: the ledger's records and the audit trail's
        // entries cost the database about a third less each (ADR 0090)
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }

    private static void ensureDatabase(EmbeddedPostgres postgres) {
        DataSource admin = postgres.getPostgresDatabase();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + EMBEDDED_DATABASE + "'")) {
                if (!rs.next()) {
                    statement.execute("create database " + EMBEDDED_DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the embedded database '" + EMBEDDED_DATABASE + "'", e);
        }
    }
}
