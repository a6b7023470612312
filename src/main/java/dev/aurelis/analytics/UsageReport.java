package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Records, groups and totals answering a {@link UsageQuery}; money in {@code currency}, days in {@code timeZone}. */
public record UsageReport(List<Entry> records, List<Group> groups, Totals totals, String currency, String timeZone) {

    public record Entry(UUID id, Instant createdAt, String requestId, String user, String team, String department,
            String costCenter, String project, String modelRequested, String modelServed, String providerModel,
            String provider, String endpoint, String clientTool, boolean streamed, long inputTokens,
            long cachedTokens, long cacheWriteTokens, long outputTokens, long reasoningTokens, BigDecimal cost,
            String currency, boolean priced, int status, String errorType, int latencyMs, Integer firstTokenMs,
            String task, String route, int attempt, boolean retried, String usageEstimate) {
    }

    /** @param key the group's value of each dimension asked for (null where the records have none) */
    public record Group(Map<String, String> key, Totals totals) {
    }

    /**
     * Sums over the matching records. Tokens and cost include every attempt (a failed attempt's tokens are charged);
     * requests count exchanges, so an exchange that was retried or failed over counts once, with its last status
     * (ADR 0015). {@code unpricedRequests} and {@code unpricedTokens} are usage of models without a price: their
     * cost is missing from {@code cost}, never counted as free.
     *
     * @param retriedAttempts attempts that failed and were followed by another attempt of the same exchange
     */
    public record Totals(long requests, long inputTokens, long cachedTokens, long cacheWriteTokens, long outputTokens,
            long reasoningTokens, BigDecimal cost, long unpricedRequests, long unpricedTokens, long failedRequests,
            long retriedAttempts) {
    }
}
