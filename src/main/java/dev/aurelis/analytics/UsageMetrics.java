package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The brief's usage metrics for a time frame ({@code get_usage_metrics}): requests and unique users, model
 * distribution, peak hours, cost efficiency, error rates by kind, latency and time to first token (p50/p95/p99 from
 * the merged sketches of the rollups), and a daily series. Requests count exchanges (a retried exchange once); cost
 * charges every attempt (ADR 0015). docs/analytics.md defines every figure.
 *
 * @param successRate  share of exchanges answered (status below 400), 1 when there were none
 * @param peakHours    requests per weekday (index 0 = Monday) and hour of the organisation's time zone
 */
public record UsageMetrics(Instant from, Instant to, String timeZone, String currency, long requests,
        long failedRequests, BigDecimal successRate, long uniqueUsers, Tokens tokens, BigDecimal cost,
        long unpricedRequests, CostEfficiency costEfficiency, Latency latency, Latency firstToken,
        List<ModelShare> models, List<ErrorShare> errors, long[][] peakHours, List<Day> days) {

    public record Tokens(long input, long cached, long cacheWrite, long output, long reasoning, long total) {
    }

    /**
     * @param costPerRequest  cost over exchanges (null when there were none)
     * @param costPer1kTokens cost per thousand tokens, every kind (null when there were none)
     * @param cacheHitShare   cached input tokens over input tokens (null when there were none)
     */
    public record CostEfficiency(BigDecimal costPerRequest, BigDecimal costPer1kTokens, BigDecimal cacheHitShare) {
    }

    /** Milliseconds over answered exchanges; zeros and {@code samples} 0 when none. */
    public record Latency(long p50, long p95, long p99, long mean, long samples) {
    }

    public record ModelShare(String model, long requests, BigDecimal cost, BigDecimal share) {
    }

    /** @param kind refused (by Aurelis' policy), client or provider ({@link ErrorKinds}) */
    public record ErrorShare(String kind, String errorType, long requests, BigDecimal share) {
    }

    public record Day(LocalDate date, long requests, long failedRequests, long tokens, BigDecimal cost,
            long activeUsers, long p50, long p95, long p99) {
    }
}
