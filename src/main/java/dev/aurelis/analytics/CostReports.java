package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.Key;
import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import dev.aurelis.analytics.rollup.Tally;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Monthly cost reports from the rollups: totals, a breakdown, a month-end projection from the recent run rate, and
 * suggestions where a team pays for an expensive model although a cheaper one served the same kind of request
 * (same endpoint and client tool) without errors.
 */
@Component
public class CostReports {

    /** What a report may be broken down by. */
    public static final Map<String, Key> BREAKDOWNS = breakdowns();

    /** How far back the run rate used for projections looks. */
    static final Duration RUN_RATE_WINDOW = Duration.ofDays(7);
    /** A model needs this many requests of a kind before it is compared. */
    static final int MIN_REQUESTS = 5;

    private final RollupReader reader;
    private final Budgets budgets;
    private final AnalyticsSettings settings;
    private final Clock clock;

    CostReports(RollupReader reader, Budgets budgets, AnalyticsSettings settings, Optional<Clock> clock) {
        this.settings = settings;
        this.reader = reader;
        this.budgets = budgets;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    private static Map<String, Key> breakdowns() {
        Map<String, Key> b = new LinkedHashMap<>();
        b.put("department", Key.DEPARTMENT);
        b.put("team", Key.TEAM);
        b.put("user", Key.USER);
        b.put("model", Key.MODEL);
        b.put("provider", Key.PROVIDER);
        b.put("cost_center", Key.COST_CENTER);
        b.put("project", Key.PROJECT);
        b.put("client_tool", Key.CLIENT_TOOL);
        b.put("task", Key.TASK);
        return java.util.Collections.unmodifiableMap(b);
    }

    /**
     * The report of {@code period} ({@code 2026-11}, {@code current} or {@code previous}; null for the current month)
     * in the organisation's time zone, over the records {@code reach} admits (null for the whole organisation).
     */
    public CostReport report(String tenant, String period, String breakdown, LedgerFilter.Reach reach) {
        TenantId tenantId = TenantId.of(tenant);
        ZoneId zone = reader.zoneOf(tenantId);
        Instant now = clock.instant();
        YearMonth month = parseMonth(period, now, zone);
        String dimension = breakdown == null || breakdown.isBlank() ? "department" : breakdown.strip().toLowerCase(Locale.ROOT);
        Key key = BREAKDOWNS.get(dimension);
        if (key == null) {
            throw new IllegalArgumentException("Cannot break down by '" + breakdown + "'; use one of "
                    + String.join(", ", BREAKDOWNS.keySet()) + ".");
        }
        ZonedDateTime start = month.atDay(1).atStartOfDay(zone);
        ZonedDateTime end = month.plusMonths(1).atDay(1).atStartOfDay(zone);
        Instant upTo = now.isBefore(end.toInstant()) ? now : end.toInstant();
        Instant recentFrom = upTo.minus(RUN_RATE_WINDOW).isBefore(start.toInstant()) ? start.toInstant()
                : upTo.minus(RUN_RATE_WINDOW);
        // The run rate over the recent past, carried forward over what is left of the month.
        Duration remaining = upTo.isBefore(end.toInstant()) && !upTo.isBefore(start.toInstant())
                ? Duration.between(upTo, end.toInstant()) : Duration.ZERO;
        Duration recent = recentFrom.isBefore(upTo) ? Duration.between(recentFrom, upTo) : Duration.ZERO;
        BigDecimal factor = recent.isZero() || remaining.isZero() ? BigDecimal.ZERO
                : BigDecimal.valueOf(remaining.toMillis()).divide(BigDecimal.valueOf(recent.toMillis()), MathContext.DECIMAL64);

        LedgerFilter filter = new LedgerFilter(null, null, null, null, null, null, null, reach);
        Slice monthSlice = new Slice(tenantId, start.toInstant(), end.toInstant(), filter, List.of(key), false);
        Map<List<String>, Tally> byKey = reader.aggregate(monthSlice).groups();
        Map<List<String>, Tally> recentByKey = recentFrom.isBefore(upTo)
                ? reader.aggregate(monthSlice.between(recentFrom, upTo)).groups() : Map.of();
        Tally total = new Tally();
        Tally recentTotal = new Tally();
        byKey.values().forEach(total::add);
        recentByKey.values().forEach(recentTotal::add);
        BigDecimal totalCost = total.cost();

        List<CostReport.Group> groups = new ArrayList<>();
        byKey.forEach((k, t) -> {
            BigDecimal recentCost = Optional.ofNullable(recentByKey.get(k)).map(Tally::cost).orElse(BigDecimal.ZERO);
            BigDecimal share = totalCost.signum() == 0 ? BigDecimal.ZERO : t.cost().divide(totalCost, 4, RoundingMode.HALF_UP);
            groups.add(new CostReport.Group(k.get(0), t.requests(), t.inputTokens(), t.outputTokens(), Money.exact(t.cost()),
                    Money.exact(share), projected(t.cost(), recentCost, factor), t.unpricedRequests(),
                    t.unpricedTokens()));
        });
        groups.sort(Comparator.comparing(CostReport.Group::cost).reversed()
                .thenComparing(Comparator.comparingLong(CostReport.Group::requests).reversed())
                .thenComparing(g -> g.key() == null ? "" : g.key()));

        List<CostReport.Day> days = new ArrayList<>();
        reader.aggregate(monthSlice.grouped(List.of(Key.DAY))).groups().forEach((k, t) -> days.add(
                new CostReport.Day(LocalDate.parse(k.get(0)), t.requests(), Money.exact(t.cost()), t.unpricedRequests())));
        days.sort(Comparator.comparing(CostReport.Day::date));

        String currency = budgets.policy().currency();
        CostReport.Totals totals = new CostReport.Totals(total.requests(), total.inputTokens(), total.outputTokens(),
                Money.exact(totalCost), projected(totalCost, recentTotal.cost(), factor),
                total.unpricedRequests(), total.unpricedTokens(), total.failedRequests(), total.retriedAttempts());
        return new CostReport(month.toString(), start.toOffsetDateTime(), end.toOffsetDateTime(), dimension, currency,
                zone.getId(), totals, groups, days, suggestions(monthSlice, currency), costTracking(monthSlice));
    }

    /**
     * Cost on providers {@code analytics.cost_tracking.providers} does not list, set apart: the ledger still meters
     * every exchange (budgets and invoices need it), the report says which spend falls outside what is tracked.
     */
    private CostReport.CostTracking costTracking(Slice month) {
        AnalyticsSettings.Policy policy = settings.policy();
        if (policy.costProviders().isEmpty()) {
            return null;
        }
        List<CostReport.Untracked> untracked = new ArrayList<>();
        BigDecimal[] total = {BigDecimal.ZERO};
        reader.aggregate(month.counted(List.of(Key.PROVIDER))).groups().forEach((k, t) -> {
            if (!policy.tracksCostOf(k.get(0))) {
                untracked.add(new CostReport.Untracked(k.get(0), t.requests(), Money.exact(t.cost())));
                total[0] = total[0].add(t.cost());
            }
        });
        untracked.sort(Comparator.comparing(CostReport.Untracked::cost).reversed()
                .thenComparing(u -> u.provider() == null ? "" : u.provider()));
        return new CostReport.CostTracking(policy.costProviders().stream().sorted().toList(), untracked,
                Money.exact(total[0]));
    }

    /** Spent plus the recent run rate carried over the rest of the month; exactly what was spent once it is over. */
    private static BigDecimal projected(BigDecimal spent, BigDecimal recent, BigDecimal factor) {
        return factor.signum() == 0 ? Money.exact(spent) : Money.derived(spent.add(recent.multiply(factor)));
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

    /** Served exchanges of one team on one model through one kind of request. */
    private record Usage(String team, String model, String kind, long requests, long failed, BigDecimal cost) {
        BigDecimal perRequest() {
            return requests == 0 ? BigDecimal.ZERO : cost.divide(BigDecimal.valueOf(requests), MathContext.DECIMAL64);
        }
    }

    private List<CostReport.Suggestion> suggestions(Slice month, String currency) {
        Map<List<String>, Tally> rows = reader.aggregate(month.grouped(List.of(Key.TEAM, Key.MODEL, Key.ENDPOINT,
                Key.CLIENT_TOOL, Key.ERROR_TYPE, Key.PRICED))).groups();
        // Only what a provider served and priced: refusals by policy and unpriced models say nothing about a model.
        Map<List<String>, Tally> served = new LinkedHashMap<>();
        rows.forEach((k, t) -> {
            if (k.get(1) != null && "true".equals(k.get(5)) && !ErrorKinds.isRefusal(k.get(4))) {
                String kind = k.get(2) + (k.get(3) == null ? "" : " " + k.get(3));
                served.computeIfAbsent(List.of(k.get(0) == null ? "\u0000" : k.get(0), k.get(1), kind), x -> new Tally()).add(t);
            }
        });
        List<Usage> usage = new ArrayList<>();
        served.forEach((k, t) -> usage.add(new Usage(k.get(0).equals("\u0000") ? null : k.get(0), k.get(1), k.get(2),
                t.requests(), t.failedRequests(), t.cost())));
        // Per kind of request, the cheapest model that served it often enough without a single error (any team).
        Map<String, Usage> cleanest = new LinkedHashMap<>();
        Map<List<String>, long[]> counts = new LinkedHashMap<>();
        Map<List<String>, BigDecimal> costs = new LinkedHashMap<>();
        for (Usage u : usage) {
            List<String> byKindAndModel = List.of(u.kind(), u.model());
            long[] c = counts.computeIfAbsent(byKindAndModel, x -> new long[2]);
            c[0] += u.requests();
            c[1] += u.failed();
            costs.merge(byKindAndModel, u.cost(), BigDecimal::add);
        }
        counts.forEach((k, c) -> {
            if (c[0] < MIN_REQUESTS || c[1] > 0) {
                return;
            }
            Usage candidate = new Usage(null, k.get(1), k.get(0), c[0], 0, costs.get(k));
            Usage best = cleanest.get(k.get(0));
            if (best == null || candidate.perRequest().compareTo(best.perRequest()) < 0) {
                cleanest.put(k.get(0), candidate);
            }
        });
        List<CostReport.Suggestion> suggestions = new ArrayList<>();
        for (Usage u : usage) {
            Usage cheaper = cleanest.get(u.kind());
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
                    + " for " + u.requests() + " requests to " + u.kind() + "; " + cheaper.model() + " served "
                    + cheaper.requests() + " such requests without errors at " + Money.format(cheaper.perRequest(), currency)
                    + " each (" + u.model() + ": " + Money.format(u.perRequest(), currency) + "). Switching could save about "
                    + Money.format(savings, currency) + " this month.";
            suggestions.add(new CostReport.Suggestion(u.team(), u.model(), cheaper.model(), u.kind(), u.requests(),
                    Money.exact(u.cost()), Money.derived(u.perRequest()), Money.derived(cheaper.perRequest()),
                    cheaper.requests(), Money.derived(savings), message));
        }
        suggestions.sort(Comparator.comparing(CostReport.Suggestion::estimatedSavings).reversed());
        return suggestions.size() > 20 ? List.copyOf(suggestions.subList(0, 20)) : suggestions;
    }

    /** The report as CSV: one row per group, then a total row; unpriced usage in its own columns. */
    public static String csv(CostReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.breakdown()).append(",requests,input_tokens,output_tokens,cost,share,projected_cost,")
                .append("unpriced_requests,unpriced_tokens,currency\n");
        for (CostReport.Group g : report.groups()) {
            out.append(Csv.field(g.key() == null ? "(none)" : g.key())).append(',').append(g.requests()).append(',')
                    .append(g.inputTokens()).append(',').append(g.outputTokens()).append(',').append(Money.plain(g.cost()))
                    .append(',').append(g.share().toPlainString()).append(',').append(Money.plain(g.projectedCost()))
                    .append(',').append(g.unpricedRequests()).append(',').append(g.unpricedTokens())
                    .append(',').append(report.currency()).append('\n');
        }
        CostReport.Totals t = report.totals();
        out.append("(total),").append(t.requests()).append(',').append(t.inputTokens()).append(',').append(t.outputTokens())
                .append(',').append(Money.plain(t.cost())).append(",1,").append(Money.plain(t.projectedCost()))
                .append(',').append(t.unpricedRequests()).append(',').append(t.unpricedTokens())
                .append(',').append(report.currency()).append('\n');
        return out.toString();
    }
}
