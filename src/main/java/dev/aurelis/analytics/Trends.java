package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Week by week (weeks start on Monday in the organisation's time zone): requests, cost, active people, p95 latency and
 * error rate, each with its change from the week before, and the least-squares slope per week over the series.
 */
public record Trends(String timeZone, String currency, List<Week> weeks, Slopes slopePerWeek) {

    /** @param requestsChange relative change from the previous week (null for the first week or from zero) */
    public record Week(LocalDate week, long requests, BigDecimal cost, long activeUsers, Long latencyP95,
            BigDecimal errorRate, BigDecimal requestsChange, BigDecimal costChange, BigDecimal activeUsersChange) {
    }

    /** Without the weekly p95 latency ({@code analytics.metrics.code_generation_speed.improvement_tracking}). */
    public Trends withoutLatency() {
        return new Trends(timeZone, currency, weeks.stream().map(w -> new Week(w.week(), w.requests(), w.cost(),
                w.activeUsers(), null, w.errorRate(), w.requestsChange(), w.costChange(), w.activeUsersChange()))
                .toList(), slopePerWeek);
    }

    public record Slopes(BigDecimal requests, BigDecimal cost, BigDecimal activeUsers) {
    }
}
