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
            String currency, boolean priced, int status, String errorType, int latencyMs, Integer firstTokenMs,
            String task, String route, int attempt, boolean retried) {
    }

    public record Group(Map<String, String> key, Totals totals) {
    }

    /**
     * Sums over the matching records. Tokens and cost include every attempt (a failed attempt's tokens are charged);
     * requests count exchanges, so an exchange that was retried or failed over counts once, with its last status.
     *
     * @param retriedAttempts attempts that failed and were followed by another attempt of the same exchange
     */
    public record Totals(long requests, long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens,
            BigDecimal cost, long unpricedRequests, long failedRequests, long retriedAttempts) {
    }
}
