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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Computes {@link UsageMetrics} from the rollups: four grouped reads of the same slice, made at the same time (days
 * with merged latency sketches, people per day, models with status and error, weekday-hour), each exact and current.
 */
@Component
public class UsageMetricsReports {

    private final RollupReader reader;
    private final Budgets budgets;

    UsageMetricsReports(RollupReader reader, Budgets budgets) {
        this.reader = reader;
        this.budgets = budgets;
    }

    /** The time zone the organisation's days are cut in. */
    public java.time.ZoneId zoneOf(String tenant) {
        return reader.zoneOf(TenantId.of(tenant));
    }

    /** The metrics of {@code tenant}'s records from {@code from} to {@code to} that {@code filter} admits. */
    public UsageMetrics metrics(String tenant, Instant from, Instant to, LedgerFilter filter) {
        return metrics(new SharedReads(reader), tenant, from, to, filter);
    }

    /** The same, reading through {@code reads} (a report of which these metrics are a part shares its reads). */
    UsageMetrics metrics(SharedReads reads, String tenant, Instant from, Instant to, LedgerFilter filter) {
        Slice slice = new Slice(TenantId.of(tenant), from, to, filter == null ? LedgerFilter.ALL : filter, List.of(), true);
        // Four reads, each of the smallest cube answering it, at the same time; every other figure follows from
        // them: the total is the sum of the days (sketches merge exactly), the unique users are the people active
        // on some day, the models and the errors are two views of one read.
        RollupReader.Answer byDay;
        Map<List<String>, Tally> byDayUser;
        Map<List<String>, Tally> byModelStatus;
        Map<List<String>, Tally> byWeekdayHour;
        try (Concurrently parts = new Concurrently()) {
            var dayPart = parts.start(() -> reads.aggregate(slice.grouped(List.of(Key.DAY))));
            var dayUserPart = parts.start(() -> reads.aggregate(slice.counted(List.of(Key.DAY, Key.USER))).groups());
            var modelPart = parts.start(() -> reads.aggregate(
                    slice.counted(List.of(Key.MODEL, Key.STATUS, Key.ERROR_TYPE))).groups());
            var peakPart = parts.start(() -> reads.aggregate(slice.counted(List.of(Key.WEEKDAY_HOUR))).groups());
            byDay = dayPart.join();
            byDayUser = dayUserPart.join();
            byModelStatus = modelPart.join();
            byWeekdayHour = peakPart.join();
        }
        Tally total = new Tally();
        byDay.groups().values().forEach(total::add);

        Map<String, Long> activeByDay = new HashMap<>();
        Set<String> users = new HashSet<>();
        byDayUser.forEach((key, t) -> {
            if (t.requests() > 0) {
                activeByDay.merge(key.get(0), 1L, Long::sum);
                users.add(key.get(1) == null ? "\u0000" : key.get(1));
            }
        });
        long uniqueUsers = users.size();

        Map<String, Tally> byModel = new HashMap<>();
        Map<List<String>, Long> failures = new HashMap<>();
        byModelStatus.forEach((key, t) -> {
            byModel.computeIfAbsent(key.get(0) == null ? "\u0000" : key.get(0), k -> new Tally()).add(t);
            if (t.failedRequests() > 0) {
                String kind = ErrorKinds.of(Integer.parseInt(key.get(1)), key.get(2));
                failures.merge(java.util.Arrays.asList(kind, key.get(2)), t.failedRequests(), Long::sum);
            }
        });
        List<UsageMetrics.ModelShare> models = new ArrayList<>();
        byModel.forEach((name, t) -> models.add(new UsageMetrics.ModelShare("\u0000".equals(name) ? null : name,
                t.requests(), Money.exact(t.cost()), share(t.requests(), total.requests()))));
        models.sort(Comparator.comparingLong(UsageMetrics.ModelShare::requests).reversed()
                .thenComparing(m -> m.model() == null ? "" : m.model()));
        List<UsageMetrics.ErrorShare> errors = new ArrayList<>();
        failures.forEach((key, n) -> errors.add(new UsageMetrics.ErrorShare(key.get(0), key.get(1), n, share(n, total.requests()))));
        errors.sort(Comparator.comparingLong(UsageMetrics.ErrorShare::requests).reversed()
                .thenComparing(e -> e.kind() + " " + e.errorType()));

        long[][] peak = new long[7][24];
        byWeekdayHour.forEach((key, t) -> {
            String[] parts = key.get(0).split("-");
            peak[Integer.parseInt(parts[0]) - 1][Integer.parseInt(parts[1])] += t.requests();
        });

        List<UsageMetrics.Day> days = new ArrayList<>();
        byDay.groups().forEach((key, t) -> days.add(new UsageMetrics.Day(
                LocalDate.parse(key.get(0)), t.requests(), t.failedRequests(), tokens(t), Money.exact(t.cost()),
                activeByDay.getOrDefault(key.get(0), 0L), t.latencyPercentile(50), t.latencyPercentile(95),
                t.latencyPercentile(99))));
        days.sort(Comparator.comparing(UsageMetrics.Day::date));

        long allTokens = tokens(total);
        UsageMetrics.CostEfficiency efficiency = new UsageMetrics.CostEfficiency(
                total.requests() == 0 ? null : Money.derived(total.cost().divide(BigDecimal.valueOf(total.requests()), MathContext.DECIMAL64)),
                allTokens == 0 ? null : Money.derived(total.cost().multiply(BigDecimal.valueOf(1000))
                        .divide(BigDecimal.valueOf(allTokens), MathContext.DECIMAL64)),
                total.inputTokens() == 0 ? null : ratio(total.cachedTokens(), total.inputTokens()));
        BigDecimal successRate = total.requests() == 0 ? BigDecimal.ONE
                : ratio(total.requests() - total.failedRequests(), total.requests());
        return new UsageMetrics(from, to, byDay.zone().getId(), budgets.policy().currency(), total.requests(),
                total.failedRequests(), successRate, uniqueUsers,
                new UsageMetrics.Tokens(total.inputTokens(), total.cachedTokens(), total.cacheWriteTokens(),
                        total.outputTokens(), total.reasoningTokens(), allTokens),
                Money.exact(total.cost()), total.unpricedRequests(), efficiency, latency(total), firstToken(total),
                List.copyOf(models), List.copyOf(errors), peak, List.copyOf(days));
    }

    /**
     * The people with a request in each week from the one beginning on {@code firstWeek} to the one beginning on
     * {@code lastWeek} (Mondays in {@code zone}), by the Monday: each week's unique users as {@link #metrics} counts
     * them, in one read of people by week instead of the metrics of every week.
     */
    public Map<LocalDate, Long> activePeoplePerWeek(String tenant, LocalDate firstWeek, LocalDate lastWeek, ZoneId zone,
            LedgerFilter filter) {
        Slice weeks = new Slice(TenantId.of(tenant), firstWeek.atStartOfDay(zone).toInstant(),
                lastWeek.plusWeeks(1).atStartOfDay(zone).toInstant(), filter == null ? LedgerFilter.ALL : filter,
                List.of(Key.WEEK, Key.USER), false);
        Map<LocalDate, Long> active = new HashMap<>();
        reader.aggregate(weeks).groups().forEach((key, t) -> {
            if (t.requests() > 0) {
                active.merge(LocalDate.parse(key.get(0)), 1L, Long::sum);
            }
        });
        return active;
    }

    /** Input (cached and cache writes included) and output (reasoning included) tokens. */
    static long tokens(Tally t) {
        return t.inputTokens() + t.outputTokens();
    }

    static UsageMetrics.Latency latency(Tally t) {
        return new UsageMetrics.Latency(t.latencyPercentile(50), t.latencyPercentile(95), t.latencyPercentile(99),
                t.latencyCount() == 0 ? 0 : t.latencyMsSum() / t.latencyCount(), t.latencyCount());
    }

    private static UsageMetrics.Latency firstToken(Tally t) {
        return new UsageMetrics.Latency(t.firstTokenPercentile(50), t.firstTokenPercentile(95), t.firstTokenPercentile(99),
                t.firstTokenCount() == 0 ? 0 : t.firstTokenMsSum() / t.firstTokenCount(), t.firstTokenCount());
    }

    static BigDecimal share(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO : ratio(part, whole);
    }

    static BigDecimal ratio(long part, long whole) {
        return Money.exact(BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP));
    }
}
