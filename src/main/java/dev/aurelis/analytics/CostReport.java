package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Cost of one month of the organisation's time zone, broken down by a dimension, with a month-end projection and
 * suggestions to spend less. Requests count exchanges (a retried exchange once) and cost charges every attempt, as
 * the usage API does (ADR 0015). Usage of models without a price is counted in {@code unpricedRequests} and
 * {@code unpricedTokens}: its cost is not in {@code cost}.
 *
 * @param costTracking  with {@code analytics.cost_tracking.providers}, the cost of the month on providers outside
 *                      that list (still in every total: budgets count them); null without such a list
 */
public record CostReport(String period, OffsetDateTime from, OffsetDateTime to, String breakdown, String currency,
        String timeZone, Totals totals, List<Group> groups, List<Day> days, List<Suggestion> suggestions,
        CostTracking costTracking) {

    /**
     * @param providers the providers whose costs are tracked, as configured
     * @param untracked cost on every other provider that served requests in the month, most expensive first
     */
    public record CostTracking(List<String> providers, List<Untracked> untracked, BigDecimal untrackedCost) {
    }

    public record Untracked(String provider, long requests, BigDecimal cost) {
    }

    public record Totals(long requests, long inputTokens, long outputTokens, BigDecimal cost, BigDecimal projectedCost,
            long unpricedRequests, long unpricedTokens, long failedRequests, long retriedAttempts) {
    }

    /** @param share of the month's cost, 0 to 1 */
    public record Group(String key, long requests, long inputTokens, long outputTokens, BigDecimal cost,
            BigDecimal share, BigDecimal projectedCost, long unpricedRequests, long unpricedTokens) {
    }

    public record Day(LocalDate date, long requests, BigDecimal cost, long unpricedRequests) {
    }

    /**
     * A cheaper model served the same kind of request without errors. Only exchanges a provider served count:
     * requests Aurelis refused (budgets, rate limits, permissions) say nothing about a model.
     *
     * @param task the endpoint and client tool the requests came through, e.g. {@code /v1/messages claude-code}
     */
    public record Suggestion(String team, String model, String cheaperModel, String task, long requests,
            BigDecimal cost, BigDecimal costPerRequest, BigDecimal cheaperCostPerRequest, long cheaperRequests,
            BigDecimal estimatedSavings, String message) {
    }
}
