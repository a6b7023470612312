package dev.aurelis.testing;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway for tests that migrate a database themselves, configured as the application configures it: its lock on the
 * migrations held for the session, not in a transaction, without which a migration that builds an index concurrently
 * (V48, ADR 0088) waits on the lock's own transaction forever.
 */
public final class Migrations {

    private Migrations() {
    }

    public static FluentConfiguration flyway() {
        return Flyway.configure().configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .locations("classpath:db/migration");
    }
}
