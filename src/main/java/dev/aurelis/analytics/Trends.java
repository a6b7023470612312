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
    public record Week(LocalDate week, long requests, BigDecimal cost, long activeUsers, long latencyP95,
            BigDecimal errorRate, BigDecimal requestsChange, BigDecimal costChange, BigDecimal activeUsersChange) {
    }

    public record Slopes(BigDecimal requests, BigDecimal cost, BigDecimal activeUsers) {
    }
}
