package dev.aurelis.analytics;

import dev.aurelis.spend.LedgerFilter;
import java.time.Instant;
import java.util.List;

/**
 * A usage question: records of the tenant from {@code from} (inclusive) to {@code to} (exclusive; either open) that
 * {@code filter} admits (its reach limits them to what the caller may see), grouped by {@code groupBy}, with at most
 * {@code limit} of the newest records listed.
 */
public record UsageQuery(String tenantId, Instant from, Instant to, LedgerFilter filter, List<String> groupBy,
        int limit) {

    public UsageQuery {
        filter = filter == null ? LedgerFilter.ALL : filter;
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    }
}
