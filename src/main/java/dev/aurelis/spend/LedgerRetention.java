package dev.aurelis.spend;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes usage records past their retention ({@code analytics.raw_data_retention_days}), never those of a budget
 * period still running: budget counters are rebuilt from the ledger, so a record stays while any budget's current
 * period (or a user limit's month) contains it.
 */
@Component
public class LedgerRetention {

    private static final Logger log = LoggerFactory.getLogger(LedgerRetention.class);
    private static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final Budgets budgets;
    private final Clock clock;

    LedgerRetention(JdbcClient jdbc, Budgets budgets, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.budgets = budgets;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The earliest instant from which {@code tenant}'s records must stay for its budgets' current periods. */
    public Instant keptFrom(TenantId tenant) {
        SpendPolicy policy = budgets.policy();
        Instant now = clock.instant();
        Instant kept = BudgetPeriod.MONTHLY.windowAt(now, policy.zone(), policy.fiscalYearStartMonth()).start().toInstant();
        for (Budget budget : TenantContext.call(tenant, () -> budgets.list(tenant.value()))) {
            Instant start = budget.period().windowAt(now, policy.zone(), policy.fiscalYearStartMonth()).start().toInstant();
            if (start.isBefore(kept)) {
                kept = start;
            }
        }
        return kept;
    }

    /** Deletes {@code tenant}'s records made before {@code cutoff} (or before {@link #keptFrom}); returns how many. */
    public long purgeBefore(TenantId tenant, Instant cutoff) {
        Instant before = cutoff.isBefore(keptFrom(tenant)) ? cutoff : keptFrom(tenant);
        long deleted = 0;
        while (true) {
            int batch = TenantContext.call(tenant, () -> jdbc.sql("""
                    delete from spend_usage where tenant_id = ? and (created_at, id) in (
                        select created_at, id from spend_usage where tenant_id = ? and created_at < ? limit ?)""")
                    .params(tenant.value(), tenant.value(), Timestamp.from(before), BATCH).update());
            deleted += batch;
            if (batch < BATCH) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("Deleted {} usage records of tenant '{}' made before {} (raw data retention)", deleted, tenant, before);
        }
        return deleted;
    }
}
