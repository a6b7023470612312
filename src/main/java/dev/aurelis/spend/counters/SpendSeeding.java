package dev.aurelis.spend.counters;

import dev.aurelis.spend.BudgetScope;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.PeriodWindow;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a budget's counters for one period from the ledger, the truth. Exchanges settled while the counters
 * were not yet seeded are journalled by request id and left out of the ledger sum, and the sum is added only if no
 * settlement slipped in meanwhile, so no exchange is counted twice however many replicas seed at once. Seeding runs
 * at start, on a schedule and on the hot path, where no tenant is set: it reads the ledger acting for the budget's
 * tenant explicitly, since row-level security shows a connection without a tenant no rows.
 */
@Component
public class SpendSeeding {

    private static final Logger log = LoggerFactory.getLogger(SpendSeeding.class);

    /** Counters outlive their period by this much, so late settlements and reports still find them. */
    static final Duration KEEP_AFTER_PERIOD = Duration.ofDays(35);

    private final JdbcClient jdbc;
    private final Budgets budgets;

    SpendSeeding(JdbcClient jdbc, Budgets budgets) {
        this.jdbc = jdbc;
        this.budgets = budgets;
    }

    public static String seedKey(PeriodWindow window, UUID ruleId) {
        return window.key() + "/" + ruleId;
    }

    public static String counterKey(PeriodWindow window, UUID ruleId, String subject) {
        return seedKey(window, ruleId) + "/" + subject;
    }

    public static long expireAt(PeriodWindow window) {
        return window.end().toInstant().plus(KEEP_AFTER_PERIOD).toEpochMilli();
    }

    /**
     * Seeds the counters of budget {@code ruleId} for {@code window}.
     *
     * @param subject the one subject the budget is on, or null for every user (the defaults of {@code user_limits})
     */
    public void seed(CounterStore store, String tenant, UUID ruleId, BudgetScope scope, String subject, Set<String> providers,
            PeriodWindow window) {
        String seedKey = seedKey(window, ruleId);
        long expireAt = expireAt(window);
        for (int attempt = 0; attempt < 10; attempt++) {
            if ("seeded".equals(store.seedState(tenant, seedKey))) {
                return;
            }
            store.beginSeeding(tenant, seedKey, expireAt);
            List<String> journal = store.journal(tenant, seedKey);
            Map<String, Long> spent = new HashMap<>();
            Map<String, Long> exceeded = new HashMap<>();
            TenantContext.run(TenantId.of(tenant), () -> {
                ledgerSpend(tenant, scope, subject, providers, window, journal)
                        .forEach((s, amount) -> spent.put(counterKey(window, ruleId, s), amount));
                jdbc.sql("""
                        select subject, min(occurred_at) from spend_budget_event
                        where tenant_id = ? and budget_id = ? and period_key = ? and threshold >= 1 group by subject
                        """).params(tenant, ruleId, window.key())
                        .query((rs, n) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant().toEpochMilli()))
                        .list().forEach(e -> exceeded.put(counterKey(window, ruleId, e.getKey()), e.getValue()));
            });
            int result = store.finishSeeding(tenant, seedKey, journal.size(), spent, exceeded, expireAt);
            if (result >= 0) {
                if (result == 1) {
                    log.debug("Seeded budget {} for {} from the ledger ({} subjects)", ruleId, window.key(), spent.size());
                }
                return;
            }
        }
        throw new CountersUnavailable("Budget " + ruleId + " could not be seeded from the ledger: settlements kept "
                + "arriving while it was being counted", null);
    }

    /** Spend per subject in micro-units, each exchange rounded up as counters round it. */
    private Map<String, Long> ledgerSpend(String tenant, BudgetScope scope, String subject, Set<String> providers,
            PeriodWindow window, List<String> excludedRequests) {
        StringBuilder where = new StringBuilder(" where tenant_id = ? and created_at >= ? and created_at < ?");
        List<Object> params = new ArrayList<>(List.of(tenant, Timestamp.from(window.start().toInstant()),
                Timestamp.from(window.end().toInstant())));
        if (!providers.isEmpty()) {
            where.append(" and lower(provider) = any(?)");
            params.add(budgets.providerNamesFor(providers).toArray(String[]::new));
        }
        if (!excludedRequests.isEmpty()) {
            where.append(" and not (request_id = any(?))");
            params.add(excludedRequests.toArray(String[]::new));
        }
        String sum = "coalesce(sum(ceil(cost * 1000000)), 0)::bigint";
        Map<String, Long> result = new HashMap<>();
        if (scope == BudgetScope.ORGANIZATION || subject != null) {
            if (scope == BudgetScope.DEPARTMENT) {
                where.append(" and department = any(?)");
                params.add(budgets.departmentAndDescendants(tenant, subject).toArray(String[]::new));
            } else if (scope != BudgetScope.ORGANIZATION) {
                where.append(" and ").append(scope.ledgerColumn()).append(" = ?");
                params.add(subject);
            }
            long total = jdbc.sql("select " + sum + " from spend_usage" + where).params(params).query(Long.class).single();
            result.put(scope == BudgetScope.ORGANIZATION ? "" : subject, total);
            return result;
        }
        String column = scope.ledgerColumn();
        jdbc.sql("select " + column + ", " + sum + " from spend_usage" + where + " and " + column
                        + " is not null group by " + column).params(params)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                .forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }
}
