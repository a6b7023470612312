package dev.aurelis.operations;

import org.flywaydb.core.Flyway;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready only when every schema migration shipped with this version has been applied. */
@Component("migrations")
class MigrationsHealth implements HealthIndicator {

    private final Flyway flyway;

    MigrationsHealth(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public Health health() {
        var info = flyway.info();
        int pending = info.pending().length;
        var current = info.current();
        Health.Builder builder = pending == 0 ? Health.up() : Health.down();
        return builder.withDetail("pending", pending)
                .withDetail("version", current == null ? "none" : current.getVersion().toString())
                .build();
    }
}
