package dev.aurelis.alerting.rules;

import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.spend.TimeRange;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * {@code investigate_automated}: when an alert fires, who and what is behind it: the top three users, keys and
 * models by exchanges among the group's most recent 2,000 exchanges of the last 15 minutes. One bounded read of the
 * ledger per episode, off the hot path.
 */
@Component
class Investigations {

    private static final Duration LOOK_BACK = Duration.ofMinutes(15);
    private static final int SAMPLE = 2_000;

    private final LedgerFeed feed;

    Investigations(LedgerFeed feed) {
        this.feed = feed;
    }

    Map<String, Object> topContributors(TenantId tenant, String group, Instant now) {
        List<UsageRecord> recent = feed.latest(tenant, filter(group), new TimeRange(now.minus(LOOK_BACK), now.plusSeconds(60)),
                SAMPLE);
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("top_users", top(recent, UsageRecord::userEmail));
        found.put("top_keys", top(recent, r -> r.keyId() == null ? null : r.keyId().toString()));
        found.put("top_models", top(recent, r -> r.modelServed() != null ? r.modelServed() : r.modelRequested()));
        return found;
    }

    private static LedgerFilter filter(String group) {
        int eq = group.indexOf('=');
        if (eq < 0) {
            return LedgerFilter.ALL;
        }
        String value = group.substring(eq + 1);
        return switch (group.substring(0, eq)) {
            case "team" -> new LedgerFilter(null, value, null, null, null, null, null, null);
            case "department" -> new LedgerFilter(null, null, value, null, null, null, null, null);
            case "user" -> new LedgerFilter(value, null, null, null, null, null, null, null);
            case "model" -> new LedgerFilter(null, null, null, null, null, value, null, null);
            default -> LedgerFilter.ALL;
        };
    }

    private static String top(List<UsageRecord> records, Function<UsageRecord, String> key) {
        Map<String, Long> counts = new HashMap<>();
        for (UsageRecord r : records) {
            String k = key.apply(r);
            if (k != null && !r.retried()) {
                counts.merge(k, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    }
}
