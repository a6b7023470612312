package dev.aurelis.routing;

import java.time.Instant;

/**
 * The health of one deployment as {@code GET /api/v1/providers/health} reports it.
 *
 * @param deployment     {@code provider/model}
 * @param state          healthy, degraded (failing at half the breaker's rate or more), probing (breaker half-open)
 *                       or unavailable (breaker open, or paused by the provider's {@code retry-after})
 * @param breaker        closed, open or half_open
 * @param errorRate      failed share of the attempts in the breaker's window
 * @param windowCalls    attempts in the window
 * @param attempts       attempts since start
 * @param openedAt       when the breaker last opened, while it is not closed
 * @param retryAt        when an open breaker lets the next trial through
 * @param coolingUntil   until when the provider asked not to be called
 */
public record DeploymentStatus(String deployment, String provider, String model, String modelId, String region,
        boolean onPremise, String state, String breaker, double errorRate, int windowCalls, int windowFailures,
        long attempts, long failures, Latency latencyMs, String lastError, Instant lastErrorAt, Instant openedAt,
        Instant retryAt, Instant coolingUntil) {

    /** Percentiles of the time to an answer's first content over the last samples, in milliseconds. */
    public record Latency(Long p50, Long p95, Long p99, int samples) {
    }
}
