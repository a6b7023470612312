package dev.aurelis.spend.ledger;

import dev.aurelis.storage.SystemDatabase;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps monthly partitions of the usage ledger ready from last month to two months ahead (UTC months). */
@Component
class UsagePartitions {

    private static final Logger log = LoggerFactory.getLogger(UsagePartitions.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    /** Creating partitions is DDL on the owner's table, so it runs with the system connections (ADR 0008). */
    UsagePartitions(@SystemDatabase DataSource system, Optional<Clock> clock) {
        this.jdbc = new JdbcTemplate(system);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventListener(ApplicationStartedEvent.class)
    void onStart() {
        ensure();
    }

    @Scheduled(cron = "0 17 3 * * *", zone = "UTC")
    void ensure() {
        YearMonth current = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        for (int offset = -1; offset <= 2; offset++) {
            create(current.plusMonths(offset));
        }
        // new partitions get the tenant policy too, in case anyone reads them directly
        jdbc.execute("select aurelis_protect_tenant_tables()");
    }

    private void create(YearMonth month) {
        // The name and bounds are derived from a YearMonth, never from input.
        String name = "spend_usage_%04d_%02d".formatted(month.getYear(), month.getMonthValue());
        String sql = "create table if not exists %s partition of spend_usage for values from ('%s-01 00:00:00+00') to ('%s-01 00:00:00+00')"
                .formatted(name, month, month.plusMonths(1));
        try {
            jdbc.execute(sql);
        } catch (RuntimeException e) {
            // Rows for that month already sit in the default partition; they stay there and remain queryable.
            log.warn("Could not create ledger partition {}: {}", name, e.getMessage());
        }
    }
}
