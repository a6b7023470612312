package dev.aurelis.spend;

import java.time.Instant;
import java.util.List;

/** A filter over the ledger and the dimensions to group by. */
public record UsageQuery(String tenantId, Instant from, Instant to, String user, String team, String department,
        String costCenter, String project, String model, String requestId, List<String> groupBy, int limit) {
}
