package dev.aurelis.storage.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * The embedded PostgreSQL server, if Aurelis runs one, with the lock on its data directory and the watchdog that
 * stops it should this process die; stopped (watchdog, server, lock, in that order) when the context closes.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final PostmasterWatchdog watchdog;
    private final DataDirectoryLock lock;
    private final String password;

    EmbeddedDatabase(EmbeddedPostgres postgres, PostmasterWatchdog watchdog, DataDirectoryLock lock, String password) {
        this.postgres = postgres;
        this.watchdog = watchdog;
        this.lock = lock;
        this.password = password;
    }

    static EmbeddedDatabase none() {
        return new EmbeddedDatabase(null, null, null, null);
    }

    /** The {@code postgres} role's password ({@link EmbeddedCredentials}). */
    String password() {
        return password;
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    public boolean running() {
        return postgres != null;
    }

    /** Whether a watchdog stops the server should this process die without closing it. */
    public boolean watched() {
        return watchdog != null && watchdog.watching();
    }

    @Override
    public void close() throws IOException {
        try {
            if (watchdog != null) {
                watchdog.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
