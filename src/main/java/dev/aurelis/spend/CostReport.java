package dev.aurelis.spend;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Cost of one month, broken down by a dimension, with a month-end projection and suggestions to spend less.
 *
 * @param projectedCost spent so far plus the recent daily run rate over the rest of the month; equal to
 *                      {@code cost} once the month is over
 */
public record CostReport(String period, OffsetDateTime from, OffsetDateTime to, String breakdown, String currency,
        Totals totals, List<Group> groups, List<Day> days, List<Suggestion> suggestions) {

    public record Totals(long requests, long inputTokens, long outputTokens, BigDecimal cost, BigDecimal projectedCost,
            long unpricedRequests, long failedRequests) {
    }

    /** @param share of the month's cost, 0 to 1 */
    public record Group(String key, long requests, long inputTokens, long outputTokens, BigDecimal cost,
            BigDecimal share, BigDecimal projectedCost) {
    }

    public record Day(LocalDate date, long requests, BigDecimal cost) {
    }

    /**
     * A cheaper model served the same kind of request without errors.
     *
     * @param task the endpoint and client tool the requests came through, e.g. {@code /v1/messages claude-code}
     */
    public record Suggestion(String team, String model, String cheaperModel, String task, long requests,
            BigDecimal cost, BigDecimal costPerRequest, BigDecimal cheaperCostPerRequest, long cheaperRequests,
            BigDecimal estimatedSavings, String message) {
    }
}
