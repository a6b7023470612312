package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.Key;
import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import dev.aurelis.analytics.rollup.Tally;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.spend.TimeRange;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Answers usage queries ({@code GET /api/v1/usage}): grouped sums and totals from the rollups (exact, and current:
 * what the rollups have not folded yet is read from the ledger), and the newest matching records from the ledger.
 */
@Component
public class UsageReports {

    /** What usage may be grouped by. */
    public static final List<String> GROUPS = List.of("user", "team", "department", "cost_center", "project", "model",
            "model_requested", "provider", "client_tool", "endpoint", "status", "task", "error_type", "priced", "day",
            "week", "month", "hour");

    private final RollupReader reader;
    private final LedgerFeed feed;
    private final Budgets budgets;

    UsageReports(RollupReader reader, LedgerFeed feed, Budgets budgets) {
        this.reader = reader;
        this.feed = feed;
        this.budgets = budgets;
    }

    /** The keys of a comma list of group names, refusing unknown ones with the list of known ones. */
    public static List<Key> keys(List<String> names) {
        List<Key> keys = new ArrayList<>();
        for (String name : names) {
            String wanted = name.strip().toLowerCase(java.util.Locale.ROOT);
            Key key = GROUPS.contains(wanted) ? Key.byApiName(wanted).orElse(null) : null;
            if (key == null) {
                throw new IllegalArgumentException("Cannot group by '" + name + "'; use one of "
                        + String.join(", ", GROUPS.stream().sorted().toList()) + ".");
            }
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    public UsageReport query(UsageQuery query) {
        List<Key> keys = keys(query.groupBy());
        TenantId tenant = TenantId.of(query.tenantId());
        Slice slice = new Slice(tenant, query.from(), query.to(), query.filter(), List.of(), false);
        RollupReader.Answer total = reader.aggregate(slice);
        List<UsageReport.Group> groups = new ArrayList<>();
        if (!keys.isEmpty()) {
            Map<List<String>, Tally> grouped = reader.aggregate(slice.grouped(keys)).groups();
            List<Map.Entry<List<String>, Tally>> ordered = new ArrayList<>(grouped.entrySet());
            ordered.sort(Comparator.<Map.Entry<List<String>, Tally>, java.math.BigDecimal>comparing(e -> e.getValue().cost())
                    .reversed().thenComparing(e -> -e.getValue().attempts())
                    .thenComparing(e -> String.join("\u0000", e.getKey().stream().map(Objects::toString).toList())));
            for (Map.Entry<List<String>, Tally> e : ordered) {
                Map<String, String> key = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    key.put(keys.get(i).apiName(), e.getKey().get(i));
                }
                groups.add(new UsageReport.Group(key, totals(e.getValue())));
            }
        }
        List<UsageReport.Entry> records = feed.latest(tenant, query.filter(), new TimeRange(query.from(), query.to()),
                query.limit()).stream().map(UsageReports::entry).toList();
        return new UsageReport(records, groups, totals(total.total()), budgets.policy().currency(), total.zone().getId());
    }

    static UsageReport.Totals totals(Tally t) {
        return new UsageReport.Totals(t.requests(), t.inputTokens(), t.cachedTokens(), t.cacheWriteTokens(),
                t.outputTokens(), t.reasoningTokens(), Money.exact(t.cost()), t.unpricedRequests(), t.unpricedTokens(),
                t.failedRequests(), t.retriedAttempts());
    }

    private static UsageReport.Entry entry(UsageRecord r) {
        return new UsageReport.Entry(r.id(), r.createdAt(), r.requestId(), r.userEmail(), r.team(), r.department(),
                r.costCenter(), r.project(), r.modelRequested(), r.modelServed(), r.providerModel(), r.provider(),
                r.endpoint(), r.clientTool(), r.streamed(), r.usage().inputTokens(), r.usage().cachedInputTokens(),
                r.usage().cacheWriteTokens(), r.usage().outputTokens(), r.usage().reasoningTokens(), Money.exact(r.cost()),
                r.currency(), r.priced(), r.status(), r.errorType(), r.latencyMs(), r.firstTokenMs(), r.task(), r.route(),
                r.attempt(), r.retried(), r.usageEstimate());
    }
}
