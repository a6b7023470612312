package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.Key;
import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import dev.aurelis.analytics.rollup.Tally;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Trends (weekly series with changes and slopes) and forecasts (month-end and quarter-end spend and requests from a
 * fitted linear trend with an interval), both from the rollups' daily series of the organisation's time zone.
 */
@Component
public class TrendReports {

    /** Days the forecast's trend is fitted to. */
    static final int BASIS_DAYS = 28;
    private static final double Z95 = 1.96;

    private final RollupReader reader;
    private final Budgets budgets;
    private final Clock clock;

    TrendReports(RollupReader reader, Budgets budgets, Optional<Clock> clock) {
        this.reader = reader;
        this.budgets = budgets;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public Trends trends(String tenant, int weeks, LedgerFilter filter) {
        if (weeks < 2 || weeks > 104) {
            throw new IllegalArgumentException("'weeks' must be between 2 and 104.");
        }
        TenantId id = TenantId.of(tenant);
        ZoneId zone = reader.zoneOf(id);
        LocalDate thisWeek = LocalDate.now(clock.withZone(zone)).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate first = thisWeek.minusWeeks(weeks - 1L);
        Slice slice = new Slice(id, first.atStartOfDay(zone).toInstant(), null, filter == null ? LedgerFilter.ALL : filter,
                List.of(Key.WEEK), true);
        Map<List<String>, Tally> byWeek = reader.aggregate(slice).groups();
        Map<String, Long> active = new HashMap<>();
        reader.aggregate(slice.counted(List.of(Key.WEEK, Key.USER))).groups().forEach((k, t) -> {
            if (t.requests() > 0) {
                active.merge(k.get(0), 1L, Long::sum);
            }
        });
        List<Trends.Week> out = new ArrayList<>();
        double[] requests = new double[weeks];
        double[] cost = new double[weeks];
        double[] users = new double[weeks];
        for (int i = 0; i < weeks; i++) {
            String week = first.plusWeeks(i).toString();
            Tally t = byWeek.getOrDefault(List.of(week), new Tally());
            long people = active.getOrDefault(week, 0L);
            requests[i] = t.requests();
            cost[i] = t.cost().doubleValue();
            users[i] = people;
            Trends.Week previous = out.isEmpty() ? null : out.getLast();
            out.add(new Trends.Week(first.plusWeeks(i), t.requests(), Money.exact(t.cost()), people,
                    t.latencyPercentile(95), t.requests() == 0 ? null : UsageMetricsReports.ratio(t.failedRequests(), t.requests()),
                    previous == null ? null : change(BigDecimal.valueOf(previous.requests()), BigDecimal.valueOf(t.requests())),
                    previous == null ? null : change(previous.cost(), t.cost()),
                    previous == null ? null : change(BigDecimal.valueOf(previous.activeUsers()), BigDecimal.valueOf(people))));
        }
        return new Trends(zone.getId(), budgets.policy().currency(), out, new Trends.Slopes(
                decimal(Line.fit(requests).slope(), 4), decimal(Line.fit(cost).slope(), 6), decimal(Line.fit(users).slope(), 4)));
    }

    public Forecast forecast(String tenant, LedgerFilter filter) {
        TenantId id = TenantId.of(tenant);
        ZoneId zone = reader.zoneOf(id);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate basisStart = today.minusDays(BASIS_DAYS);
        LocalDate quarterStart = YearMonth.from(today).withMonth((today.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1).atDay(1);
        LocalDate from = basisStart.isBefore(quarterStart) ? basisStart : quarterStart;
        Slice slice = new Slice(id, from.atStartOfDay(zone).toInstant(), null, filter == null ? LedgerFilter.ALL : filter,
                List.of(Key.DAY), false);
        Map<List<String>, Tally> byDay = reader.aggregate(slice).groups();

        // the basis: the last BASIS_DAYS whole days (today is not over)
        double[] cost = new double[BASIS_DAYS];
        double[] requests = new double[BASIS_DAYS];
        for (int i = 0; i < BASIS_DAYS; i++) {
            Tally t = byDay.getOrDefault(List.of(basisStart.plusDays(i).toString()), new Tally());
            cost[i] = t.cost().doubleValue();
            requests[i] = t.requests();
        }
        Line costLine = Line.fit(cost);
        Line requestLine = Line.fit(requests);
        LedgerTotals soFarMonth = totals(byDay, today.withDayOfMonth(1), today);
        LedgerTotals soFarQuarter = totals(byDay, quarterStart, today);
        LocalDate monthEnd = YearMonth.from(today).atEndOfMonth();
        LocalDate quarterEnd = quarterStart.plusMonths(3).minusDays(1);
        Instant now = clock.instant();
        double todayLeft = java.time.Duration.between(now, today.plusDays(1).atStartOfDay(zone).toInstant()).toSeconds()
                / (double) java.time.Duration.between(today.atStartOfDay(zone), today.plusDays(1).atStartOfDay(zone)).toSeconds();
        return new Forecast(today, zone.getId(), budgets.policy().currency(), BASIS_DAYS,
                new Forecast.Trend(decimal(costLine.at(BASIS_DAYS), 6), decimal(costLine.slope(), 6)),
                new Forecast.Trend(decimal(requestLine.at(BASIS_DAYS), 2), decimal(requestLine.slope(), 4)),
                projection(monthEnd, today, todayLeft, soFarMonth, costLine, requestLine),
                projection(quarterEnd, today, todayLeft, soFarQuarter, costLine, requestLine));
    }

    private record LedgerTotals(BigDecimal cost, long requests) {
    }

    /** What was used from {@code start} through {@code today} (today included so far). */
    private static LedgerTotals totals(Map<List<String>, Tally> byDay, LocalDate start, LocalDate today) {
        BigDecimal cost = BigDecimal.ZERO;
        long requests = 0;
        for (LocalDate d = start; !d.isAfter(today); d = d.plusDays(1)) {
            Tally t = byDay.get(List.of(d.toString()));
            if (t != null) {
                cost = cost.add(t.cost());
                requests += t.requests();
            }
        }
        return new LedgerTotals(cost, requests);
    }

    /**
     * What is left of today (a fraction of a typical day: what today used so far is in {@code soFar}) and every
     * whole day after it, each at the fitted trend's value; the interval widens with the square root of the days left.
     */
    private static Forecast.Projection projection(LocalDate end, LocalDate today, double todayLeft, LedgerTotals soFar,
            Line cost, Line requests) {
        int wholeDays = (int) (end.toEpochDay() - today.toEpochDay());
        double projectedCost = todayLeft * Math.max(0, cost.at(BASIS_DAYS));
        double projectedRequests = todayLeft * Math.max(0, requests.at(BASIS_DAYS));
        for (int i = 1; i <= wholeDays; i++) {
            projectedCost += Math.max(0, cost.at(BASIS_DAYS + i));
            projectedRequests += Math.max(0, requests.at(BASIS_DAYS + i));
        }
        double days = wholeDays + todayLeft;
        double costSpread = Z95 * cost.residualDeviation() * Math.sqrt(days);
        double requestSpread = Z95 * requests.residualDeviation() * Math.sqrt(days);
        double spent = soFar.cost().doubleValue();
        return new Forecast.Projection(end, wholeDays, Money.exact(soFar.cost()),
                decimal(spent + projectedCost, 4),
                decimal(spent + Math.max(0, projectedCost - costSpread), 4),
                decimal(spent + projectedCost + costSpread, 4),
                soFar.requests(), soFar.requests() + Math.round(projectedRequests),
                soFar.requests() + Math.round(Math.max(0, projectedRequests - requestSpread)),
                soFar.requests() + Math.round(projectedRequests + requestSpread));
    }

    private static BigDecimal change(BigDecimal before, BigDecimal now) {
        return before.signum() == 0 ? null : Money.exact(now.subtract(before).divide(before, 4, RoundingMode.HALF_UP));
    }

    private static BigDecimal decimal(double v, int scale) {
        return Money.exact(BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP));
    }

    /** A least-squares line through values at x = 0, 1, 2, ... with the standard deviation of its residuals. */
    record Line(double intercept, double slope, double residualDeviation) {

        static Line fit(double[] y) {
            int n = y.length;
            double meanX = (n - 1) / 2.0;
            double meanY = 0;
            for (double v : y) {
                meanY += v / n;
            }
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < n; i++) {
                sxy += (i - meanX) * (y[i] - meanY);
                sxx += (i - meanX) * (i - meanX);
            }
            double slope = sxx == 0 ? 0 : sxy / sxx;
            double intercept = meanY - slope * meanX;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double r = y[i] - (intercept + slope * i);
                squares += r * r;
            }
            return new Line(intercept, slope, n > 2 ? Math.sqrt(squares / (n - 2)) : 0);
        }

        double at(double x) {
            return intercept + slope * x;
        }
    }
}
