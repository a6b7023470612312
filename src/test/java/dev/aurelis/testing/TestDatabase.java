package dev.aurelis.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real PostgreSQL for tests: one embedded server per test JVM, or the server named by
 * {@code AURELIS_TEST_DB_URL} (CI runs the suite both ways). Every Spring context gets a fresh database of its
 * own and a fresh data directory, so contexts never see each other's rows.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** The bearer token every test server's metrics require (aurelis.metrics.token). */
    public static final String METRICS_TOKEN = "test-metrics-token";
    private static volatile EmbeddedPostgres embedded;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String url = createDatabase("aurelis_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet());
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("aurelis-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Small pools: several cached test contexts share one server, and the machine's PostgreSQL (CI's second
        // pass) allows only 100 connections.
        TestPropertyValues.of("aurelis.db.url=" + url, "aurelis.db.user=postgres", "aurelis.db.password=",
                "aurelis.db.pool-size=6", "aurelis.data-dir=" + dataDir, "aurelis.metrics.token=" + METRICS_TOKEN)
                .applyTo(context);
    }

    /** Creates an empty database and returns its JDBC URL. */
    public static String createDatabase(String name) {
        String adminUrl = adminUrl();
        try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name);
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " via " + adminUrl, e);
        }
        return adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    private static String adminUrl() {
        String external = System.getenv("AURELIS_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        return "jdbc:postgresql://127.0.0.1:" + embedded().getPort() + "/postgres";
    }

    private static synchronized EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                // No shutdown hook of its own: JVM shutdown hooks run concurrently, and the server must outlive
                // the Spring contexts that close on exit (the event publication registry queries it as it closes;
                // with the server gone it waits out the pool's 30 s connection timeout).
                embedded = EmbeddedPostgres.builder().setServerConfig("max_connections", "300")
                        .setRegisterShutdownHook(false).start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL for tests", e);
            }
            // Spring Boot runs its shutdown handlers after every application context has closed.
            SpringApplication.getShutdownHandlers().add(TestDatabase::stopEmbedded);
        }
        return embedded;
    }

    private static void stopEmbedded() {
        try {
            embedded.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
