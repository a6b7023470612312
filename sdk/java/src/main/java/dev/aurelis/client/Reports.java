package dev.aurelis.client;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** {@code GET /api/v1/reports/cost}: one month's cost broken down by a dimension, with a projection and suggestions. */
public final class Reports {

    private static final String PATH = "/api/v1/reports/cost";

    private final Transport transport;

    Reports(Transport transport) {
        this.transport = transport;
    }

    public record CostReport(String period, OffsetDateTime from, OffsetDateTime to, String breakdown, String currency,
            String timeZone, Totals totals, List<Group> groups, List<Day> days, List<Suggestion> suggestions) {
    }

    public record Totals(long requests, long inputTokens, long outputTokens, BigDecimal cost, BigDecimal projectedCost,
            long unpricedRequests, long unpricedTokens, long failedRequests, long retriedAttempts) {
    }

    /** @param share of the month's cost, 0 to 1 */
    public record Group(String key, long requests, long inputTokens, long outputTokens, BigDecimal cost,
            BigDecimal share, BigDecimal projectedCost) {
    }

    public record Day(LocalDate date, long requests, BigDecimal cost) {
    }

    public record Suggestion(String team, String model, String cheaperModel, String task, long requests,
            BigDecimal estimatedSavings, String message) {
    }

    /**
     * @param period    {@code 2026-11}, or null for the current month
     * @param breakdown {@code team}, {@code user}, {@code model}, {@code department}, {@code project}… or null for the
     *                  server's default
     */
    public CostReport cost(String period, String breakdown) {
        return transport.get(PATH, Query.of().with("period", period).with("breakdown", breakdown), CostReport.class);
    }

    /** The same report as CSV, for spreadsheets. */
    public String costCsv(String period, String breakdown) {
        return transport.text(PATH, Query.of().with("period", period).with("breakdown", breakdown)
                .with("format", "csv"), "text/csv");
    }
}
