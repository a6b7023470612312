package dev.aurelis.storage.postgres;

import dev.aurelis.storage.DatabaseReachability;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Readiness's view of the database: the background probe's last answer, read from memory (never a query here). */
@Component("database")
class DatabaseHealth implements HealthIndicator {

    private final DatabaseReachability database;

    DatabaseHealth(DatabaseReachability database) {
        this.database = database;
    }

    @Override
    public Health health() {
        Health.Builder builder = database.reachable() ? Health.up() : Health.down();
        return builder.withDetail("since", database.since().toString()).build();
    }
}
