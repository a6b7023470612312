package dev.aurelis.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Records, groups and totals answering a {@link UsageQuery}. */
public record UsageReport(List<Entry> records, List<Group> groups, Totals totals) {

    public record Entry(UUID id, Instant createdAt, String requestId, String user, String team, String department,
            String costCenter, String project, String modelRequested, String modelServed, String providerModel,
            String provider, String endpoint, String clientTool, boolean streamed, long inputTokens,
            long cachedTokens, long cacheWriteTokens, long outputTokens, long reasoningTokens, BigDecimal cost,
            String currency, boolean priced, int status, String errorType, int latencyMs, Integer firstTokenMs) {
    }

    public record Group(Map<String, String> key, Totals totals) {
    }

    public record Totals(long requests, long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens,
            BigDecimal cost, long unpricedRequests, long failedRequests) {
    }
}
