package dev.aurelis.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.aurelis.storage.DatabaseReachability;
import dev.aurelis.storage.SystemDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Probes the database in the background: every {@code aurelis.db.probe-interval} (1 s) it opens a new connection, as
 * the schema owner, and runs {@code select 1}, all within {@code aurelis.db.probe-timeout} (2 s). A new connection
 * each time, not one from the pools: a PostgreSQL whose postmaster hangs still answers on connections it already has,
 * but accepts no new one, and the pools need new ones. Readiness reads the result from memory.
 */
@Component
class DatabaseProbe implements DatabaseReachability, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

    private final HikariDataSource system;
    private final Duration interval;
    private final Duration timeout;
    private volatile boolean reachable = true;
    private volatile Instant since = Instant.now();
    private volatile String problem;
    private volatile boolean running;
    private Thread thread;

    DatabaseProbe(@SystemDatabase HikariDataSource system,
            @Value("${aurelis.db.probe-interval:1s}") Duration interval,
            @Value("${aurelis.db.probe-timeout:2s}") Duration timeout) {
        this.system = system;
        this.interval = interval;
        this.timeout = timeout;
    }

    @Override
    public boolean reachable() {
        return reachable;
    }

    @Override
    public Instant since() {
        return since;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon(true).name("database-probe").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            long next = System.nanoTime() + interval.toNanos();
            record(probe());
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted() && !running) {
                return;
            }
        }
    }

    /** Null when the database answered in time, else what went wrong. */
    String probe() {
        long seconds = Math.max(1, timeout.toSeconds());
        Properties properties = new Properties();
        if (system.getUsername() != null) {
            properties.setProperty("user", system.getUsername());
        }
        if (system.getPassword() != null) {
            properties.setProperty("password", system.getPassword());
        }
        // each bound in whole seconds, as the driver takes them: connecting, signing in, and every read after
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("loginTimeout", Long.toString(seconds));
        properties.setProperty("socketTimeout", Long.toString(seconds));
        properties.setProperty("ApplicationName", "aurelis-probe");
        try (Connection connection = DriverManager.getConnection(system.getJdbcUrl(), properties);
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) seconds);
            statement.execute("select 1");
            return null;
        } catch (SQLException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private void record(String failure) {
        boolean now = failure == null;
        problem = failure;
        if (now != reachable) {
            reachable = now;
            since = Instant.now();
            if (now) {
                log.info("The database answers again");
            } else {
                log.warn("The database does not answer within {} s: {}", timeout.toSeconds(), failure);
            }
        }
    }

    /** Keeps probing until everything that may still need the database (the ledger's last flush) has stopped. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
