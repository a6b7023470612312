package dev.aurelis.operations;

import dev.aurelis.storage.DatabaseReachability;
import org.flywaydb.core.Flyway;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Ready only when every schema migration shipped with this version has been applied. Once they all are, they stay
 * applied for the life of the process, so the answer is kept and readiness asks the database nothing more; and
 * while the database does not answer its probe, this does not ask it either (readiness is down for that already).
 */
@Component("migrations")
class MigrationsHealth implements HealthIndicator {

    private final Flyway flyway;
    private final DatabaseReachability database;
    private volatile Health applied;

    MigrationsHealth(Flyway flyway, DatabaseReachability database) {
        this.flyway = flyway;
        this.database = database;
    }

    @Override
    public Health health() {
        if (applied != null) {
            return applied;
        }
        if (!database.reachable()) {
            return Health.unknown().withDetail("pending", "unknown: the database does not answer").build();
        }
        var info = flyway.info();
        int pending = info.pending().length;
        var current = info.current();
        Health health = (pending == 0 ? Health.up() : Health.down()).withDetail("pending", pending)
                .withDetail("version", current == null ? "none" : current.getVersion().toString())
                .build();
        if (pending == 0) {
            applied = health;
        }
        return health;
    }
}
