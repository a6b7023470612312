package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * How fast code was generated when the organisation (or a team) started with Aurelis, and how it compares now
 * ({@code analytics.metrics.code_generation_speed.baseline_measurement}): the first {@link #DAYS} days with recorded
 * traffic are the baseline, the last {@link #DAYS} days the current period.
 *
 * @param status   {@code no_data} (nothing recorded), {@code measuring} (the baseline period is not over: its figures
 *                 so far are shown, nothing is compared) or {@code measured}
 * @param current  the last {@link #DAYS} days; null until they no longer overlap the baseline period
 * @param change   current against baseline, as relative changes (negative latency: faster); null without a current
 */
public record Baseline(String status, String timeZone, Period baseline, Period current, Change change) {

    public static final int DAYS = 14;

    /**
     * @param from                    first day (in the organisation's zone)
     * @param to                      last day, inclusive
     * @param requests                exchanges in the period
     * @param activeUsers             people who sent at least one
     * @param requestsPerUserPerDay   requests per active person per day of the period
     * @param latencyP50              answered exchanges' latency, ms
     * @param firstTokenP95           streamed answers' time to first token, ms; null when none was streamed
     */
    public record Period(LocalDate from, LocalDate to, long requests, long activeUsers, BigDecimal requestsPerUserPerDay,
            Long latencyP50, Long latencyP95, Long firstTokenP50, Long firstTokenP95, BigDecimal successRate) {
    }

    public record Change(BigDecimal latencyP50, BigDecimal latencyP95, BigDecimal firstTokenP95,
            BigDecimal requestsPerUserPerDay) {
    }
}
