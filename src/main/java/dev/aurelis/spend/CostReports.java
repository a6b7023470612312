package dev.aurelis.spend;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Monthly cost reports over the ledger: totals, a breakdown, a month-end projection from the recent run rate, and
 * suggestions where a team pays for an expensive model although a cheaper one served the same kind of request
 * (same endpoint and client tool) without errors.
 */
@Component
public class CostReports {

    /** The dimensions a report may break down by, mapped to ledger columns (the only SQL built from input). */
    public static final Map<String, String> BREAKDOWNS = breakdowns();

    /** How far back the run rate used for projections looks. */
    static final Duration RUN_RATE_WINDOW = Duration.ofDays(7);
    /** A model needs this many requests in a task before it is compared. */
    static final int MIN_REQUESTS = 5;

    private final JdbcClient jdbc;
    private final Budgets budgets;
    private final Clock clock;

    CostReports(JdbcClient jdbc, Budgets budgets, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.budgets = budgets;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    private static Map<String, String> breakdowns() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("department", "department");
        b.put("team", "team");
        b.put("user", "lower(user_email)");
        b.put("model", "model_served");
        b.put("provider", "provider");
        b.put("cost_center", "cost_center");
        b.put("project", "project");
        return java.util.Collections.unmodifiableMap(b);
    }

    /**
     * The report of {@code period} ({@code 2026-11}, or null for the current month) in the organisation's time zone,
     * over the whole organisation.
     */
    public CostReport report(String tenant, String period, String breakdown) {
        return report(tenant, period, breakdown, null);
    }

    /**
     * The report of {@code period} over the records {@code within} admits (a caller's departments, teams or own
     * records; null for the whole organisation). A department reaches its sub-departments' records too, as its
     * budget counts them.
     */
    public CostReport report(String tenant, String period, String breakdown, UsageQuery.Within within) {
        return TenantContext.call(TenantId.of(tenant), () -> build(tenant, period, breakdown, within));
    }

    private CostReport build(String tenant, String period, String breakdown, UsageQuery.Within within) {
        SpendPolicy policy = budgets.policy();
        ZoneId zone = policy.zone();
        Instant now = clock.instant();
        YearMonth month = parseMonth(period, now, zone);
        String dimension = breakdown == null || breakdown.isBlank() ? "department" : breakdown.strip().toLowerCase(java.util.Locale.ROOT);
        String column = BREAKDOWNS.get(dimension);
        if (column == null) {
            throw new IllegalArgumentException("Cannot break down by '" + breakdown + "'; use one of "
                    + String.join(", ", BREAKDOWNS.keySet()) + ".");
        }
        ZonedDateTime start = month.atDay(1).atStartOfDay(zone);
        ZonedDateTime end = month.plusMonths(1).atDay(1).atStartOfDay(zone);
        Instant upTo = now.isBefore(end.toInstant()) ? now : end.toInstant();
        Instant recentFrom = upTo.minus(RUN_RATE_WINDOW).isBefore(start.toInstant()) ? start.toInstant() : upTo.minus(RUN_RATE_WINDOW);
        // The run rate over the recent past, carried forward over what is left of the month.
        Duration remaining = upTo.isBefore(end.toInstant()) && !upTo.isBefore(start.toInstant())
                ? Duration.between(upTo, end.toInstant()) : Duration.ZERO;
        Duration recent = Duration.between(recentFrom, upTo);
        BigDecimal factor = recent.isZero() || remaining.isZero() ? BigDecimal.ZERO
                : BigDecimal.valueOf(remaining.toMillis()).divide(BigDecimal.valueOf(recent.toMillis()), MathContext.DECIMAL64);

        List<Object> windowParams = new ArrayList<>(List.of(tenant, Timestamp.from(start.toInstant()),
                Timestamp.from(end.toInstant())));
        String where = " from spend_usage where tenant_id = ? and created_at >= ? and created_at < ?";
        if (within != null) {
            List<String> departments = new ArrayList<>();
            within.departments().forEach(d -> departments.addAll(budgets.departmentAndDescendants(tenant, d)));
            where += " and (department = any(?) or team = any(?) or user_id = ?)";
            windowParams.add(departments.toArray(String[]::new));
            windowParams.add(within.teams().toArray(String[]::new));
            windowParams.add(within.user());
        }
        Object[] window = windowParams.toArray();
        CostReport.Totals totals = jdbc.sql("""
                select count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(cost), 0),
                       coalesce(sum(cost) filter (where created_at >= ?), 0), count(*) filter (where not priced),
                       count(*) filter (where status >= 400)""" + where)
                .params(prepend(Timestamp.from(recentFrom), window))
                .query((rs, n) -> new CostReport.Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), money(rs.getBigDecimal(4)),
                        money(rs.getBigDecimal(4).add(rs.getBigDecimal(5).multiply(factor))), rs.getLong(6), rs.getLong(7)))
                .single();
        BigDecimal total = totals.cost();
        List<CostReport.Group> groups = jdbc.sql("select " + column + ", count(*), coalesce(sum(input_tokens), 0), "
                        + "coalesce(sum(output_tokens), 0), coalesce(sum(cost), 0), coalesce(sum(cost) filter (where created_at >= ?), 0)"
                        + where + " group by " + column + " order by sum(cost) desc, count(*) desc")
                .params(prepend(Timestamp.from(recentFrom), window))
                .query((rs, n) -> {
                    BigDecimal cost = rs.getBigDecimal(5);
                    BigDecimal share = total.signum() == 0 ? BigDecimal.ZERO : cost.divide(total, 4, RoundingMode.HALF_UP);
                    return new CostReport.Group(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), money(cost),
                            share.stripTrailingZeros(), money(cost.add(rs.getBigDecimal(6).multiply(factor))));
                }).list();
        List<CostReport.Day> days = jdbc.sql("select (created_at at time zone ?)::date, count(*), coalesce(sum(cost), 0)"
                        + where + " group by 1 order by 1")
                .params(prepend(zone.getId(), window))
                .query((rs, n) -> new CostReport.Day(rs.getObject(1, LocalDate.class), rs.getLong(2), money(rs.getBigDecimal(3))))
                .list();
        return new CostReport(month.toString(), start.toOffsetDateTime(), end.toOffsetDateTime(), dimension,
                policy.currency(), totals, groups, days, suggestions(tenant, window, where, policy.currency()));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static YearMonth parseMonth(String period, Instant now, ZoneId zone) {
        if (period == null || period.isBlank() || period.equalsIgnoreCase("current")) {
            return YearMonth.from(now.atZone(zone));
        }
        if (period.equalsIgnoreCase("previous") || period.equalsIgnoreCase("last")) {
            return YearMonth.from(now.atZone(zone)).minusMonths(1);
        }
        try {
            return YearMonth.parse(period.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'period' must be a month such as 2026-11 (or current, previous); found '"
                    + period + "'.");
        }
    }

    private record Usage(String team, String model, String task, long requests, long failed, BigDecimal cost) {
        BigDecimal perRequest() {
            return requests == 0 ? BigDecimal.ZERO : cost.divide(BigDecimal.valueOf(requests), MathContext.DECIMAL64);
        }
    }

    private List<CostReport.Suggestion> suggestions(String tenant, Object[] window, String where, String currency) {
        List<Usage> usage = jdbc.sql("""
                select team, model_served, endpoint || coalesce(' ' || client_tool, ''), count(*),
                       count(*) filter (where status >= 400), coalesce(sum(cost), 0)""" + where
                        + " and model_served is not null and priced group by 1, 2, 3")
                .params(window)
                .query((rs, n) -> new Usage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getBigDecimal(6))).list();
        // Per task, the cheapest model that served it often enough without a single error (any team).
        Map<String, Usage> cleanest = new LinkedHashMap<>();
        Map<String, long[]> byTaskAndModel = new LinkedHashMap<>();
        Map<String, BigDecimal> costByTaskAndModel = new LinkedHashMap<>();
        for (Usage u : usage) {
            String key = u.task() + "\u0000" + u.model();
            long[] counts = byTaskAndModel.computeIfAbsent(key, k -> new long[2]);
            counts[0] += u.requests();
            counts[1] += u.failed();
            costByTaskAndModel.merge(key, u.cost(), BigDecimal::add);
        }
        byTaskAndModel.forEach((key, counts) -> {
            if (counts[0] < MIN_REQUESTS || counts[1] > 0) {
                return;
            }
            String[] parts = key.split("\u0000", 2);
            Usage candidate = new Usage(null, parts[1], parts[0], counts[0], 0, costByTaskAndModel.get(key));
            Usage best = cleanest.get(parts[0]);
            if (best == null || candidate.perRequest().compareTo(best.perRequest()) < 0) {
                cleanest.put(parts[0], candidate);
            }
        });
        List<CostReport.Suggestion> suggestions = new ArrayList<>();
        for (Usage u : usage) {
            Usage cheaper = cleanest.get(u.task());
            if (u.team() == null || cheaper == null || cheaper.model().equals(u.model()) || u.requests() < MIN_REQUESTS
                    || u.cost().signum() <= 0) {
                continue;
            }
            // Worth saying only when the cheaper model costs at most half as much per request.
            if (cheaper.perRequest().multiply(BigDecimal.TWO).compareTo(u.perRequest()) > 0) {
                continue;
            }
            BigDecimal savings = u.cost().subtract(cheaper.perRequest().multiply(BigDecimal.valueOf(u.requests())));
            String message = "Team '" + u.team() + "' spent " + Money.format(u.cost(), currency) + " on " + u.model()
                    + " for " + u.requests() + " requests to " + u.task() + "; " + cheaper.model() + " served "
                    + cheaper.requests() + " such requests without errors at " + Money.format(cheaper.perRequest(), currency)
                    + " each (" + u.model() + ": " + Money.format(u.perRequest(), currency) + "). Switching could save about "
                    + Money.format(savings, currency) + " this month.";
            suggestions.add(new CostReport.Suggestion(u.team(), u.model(), cheaper.model(), u.task(), u.requests(),
                    money(u.cost()), money(u.perRequest()), money(cheaper.perRequest()), cheaper.requests(), money(savings),
                    message));
        }
        suggestions.sort(Comparator.comparing(CostReport.Suggestion::estimatedSavings).reversed());
        return suggestions.size() > 20 ? List.copyOf(suggestions.subList(0, 20)) : suggestions;
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /** The report as CSV: one row per group, then a total row. */
    public static String csv(CostReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.breakdown()).append(",requests,input_tokens,output_tokens,cost,share,projected_cost,currency\n");
        for (CostReport.Group g : report.groups()) {
            out.append(csvField(g.key() == null ? "(none)" : g.key())).append(',').append(g.requests()).append(',')
                    .append(g.inputTokens()).append(',').append(g.outputTokens()).append(',').append(g.cost().toPlainString())
                    .append(',').append(g.share().toPlainString()).append(',').append(g.projectedCost().toPlainString())
                    .append(',').append(report.currency()).append('\n');
        }
        CostReport.Totals t = report.totals();
        out.append("(total),").append(t.requests()).append(',').append(t.inputTokens()).append(',').append(t.outputTokens())
                .append(',').append(t.cost().toPlainString()).append(",1,").append(t.projectedCost().toPlainString())
                .append(',').append(report.currency()).append('\n');
        return out.toString();
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
