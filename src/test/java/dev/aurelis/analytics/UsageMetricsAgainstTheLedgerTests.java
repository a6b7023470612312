package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.analytics.rollup.Rollups;
import dev.aurelis.analytics.rollup.Tally;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AnalyticsTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The usage metrics read four slices at the same time and derive the rest (the total from the days, the unique users
 * from the people per day, models and errors from one read): every figure must still be what a direct aggregation of
 * the ledger gives, over a range that cuts days and hours, with part of the records folded and part not yet.
 */
class UsageMetricsAgainstTheLedgerTests extends AnalyticsTestBase {

    private static final ZoneId KOLKATA = ZoneId.of(ZONE);
    private static final List<String> PEOPLE = List.of("ana@corp.example", "bo@corp.example", "cy@corp.example",
            "di@corp.example", "ed@corp.example");
    private static final List<String> MODELS = List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4");

    @Autowired
    UsageMetricsReports reports;
    @Autowired
    ExecutiveReports executive;
    @Autowired
    Rollups rollups;

    @BeforeEach
    void fromNothing() {
        forgetAllUsage();
    }

    /** Exchanges of several people, models and outcomes every 37 minutes from {@code start}, some retried. */
    private static List<UsageRecord> exchanges(Instant start, int count, int seed) {
        List<UsageRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int g = seed + i;
            Instant at = start.plus(Duration.ofMinutes(37L * i));
            String user = PEOPLE.get(g % PEOPLE.size());
            String team = g % 3 == 0 ? "infra" : "backend";
            String model = MODELS.get(g % MODELS.size());
            int status = g % 11 == 0 ? 429 : g % 13 == 0 ? 502 : 200;
            String error = status == 429 ? "rate_limited" : status == 502 ? "upstream_error" : null;
            String requestId = "req-" + seed + "-" + i;
            if (g % 7 == 0) {
                out.add(attempt(at.minusSeconds(5), requestId, user, team, model, "0.001", 502, "upstream_error", 1, true));
            }
            out.add(attempt(at, requestId, user, team, model, "0.0" + (1 + g % 9), status, error, g % 7 == 0 ? 2 : 1,
                    false));
        }
        return out;
    }

    @Test
    void everyFigureEqualsADirectAggregationOfTheLedgerFoldedOrNot() {
        Instant start = LocalDate.now(KOLKATA).minusDays(6).atStartOfDay(KOLKATA).toInstant();
        List<UsageRecord> folded = exchanges(start, 120, 0);
        record(folded.toArray(UsageRecord[]::new));
        settled();
        rollups.catchUp(TenantId.of(TENANT));
        List<UsageRecord> pending = exchanges(start.plus(Duration.ofMinutes(11)), 90, 1000);
        record(pending.toArray(UsageRecord[]::new));
        List<UsageRecord> all = new ArrayList<>(folded);
        all.addAll(pending);

        // from 7:23 on the first day to 13:41 on the fourth: raw minutes, whole hours and whole days
        Instant from = start.plus(Duration.ofMinutes(7 * 60 + 23));
        Instant to = start.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(13 * 60 + 41));
        List<UsageRecord> inRange = all.stream()
                .filter(r -> !r.createdAt().isBefore(from) && r.createdAt().isBefore(to)).toList();

        UsageMetrics m = reports.metrics(TENANT, from, to, LedgerFilter.ALL);

        Tally total = new Tally();
        Map<String, Tally> byDay = new TreeMap<>();
        Map<String, Set<String>> activeByDay = new HashMap<>();
        Map<String, Tally> byModel = new HashMap<>();
        Map<String, Long> failures = new HashMap<>();
        Set<String> users = new HashSet<>();
        long[][] peak = new long[7][24];
        for (UsageRecord r : inRange) {
            total.add(r);
            ZonedDateTime local = r.createdAt().atZone(KOLKATA);
            String day = local.toLocalDate().toString();
            byDay.computeIfAbsent(day, d -> new Tally()).add(r);
            byModel.computeIfAbsent(r.modelServed(), k -> new Tally()).add(r);
            if (!r.retried()) {
                users.add(r.userEmail());
                activeByDay.computeIfAbsent(day, d -> new HashSet<>()).add(r.userEmail());
                ZonedDateTime hour = r.createdAt().truncatedTo(ChronoUnit.HOURS).atZone(KOLKATA);
                peak[hour.getDayOfWeek().getValue() - 1][hour.getHour()]++;
                if (r.status() >= 400) {
                    failures.merge(r.errorType(), 1L, Long::sum);
                }
            }
        }

        assertThat(m.requests()).isEqualTo(total.requests()).isPositive();
        assertThat(m.failedRequests()).isEqualTo(total.failedRequests()).isPositive();
        assertThat(m.uniqueUsers()).isEqualTo(users.size());
        assertThat(m.cost()).isEqualByComparingTo(total.cost());
        assertThat(m.tokens().input()).isEqualTo(total.inputTokens());
        assertThat(m.tokens().output()).isEqualTo(total.outputTokens());
        assertThat(m.latency().samples()).isEqualTo(total.latencyCount());
        assertThat(m.latency().p50()).isEqualTo(total.latencyPercentile(50));
        assertThat(m.latency().p95()).isEqualTo(total.latencyPercentile(95));
        assertThat(m.latency().p99()).isEqualTo(total.latencyPercentile(99));
        assertThat(m.peakHours()).isDeepEqualTo(peak);

        assertThat(m.days()).extracting(d -> d.date().toString()).containsExactlyElementsOf(byDay.keySet());
        for (UsageMetrics.Day day : m.days()) {
            Tally expected = byDay.get(day.date().toString());
            assertThat(day.requests()).as(day.date().toString()).isEqualTo(expected.requests());
            assertThat(day.cost()).as(day.date().toString()).isEqualByComparingTo(expected.cost());
            assertThat(day.activeUsers()).as(day.date().toString())
                    .isEqualTo(activeByDay.getOrDefault(day.date().toString(), Set.of()).size());
            assertThat(day.p95()).as(day.date().toString()).isEqualTo(expected.latencyPercentile(95));
        }
        assertThat(m.models()).hasSize(byModel.size());
        for (UsageMetrics.ModelShare share : m.models()) {
            assertThat(share.requests()).as(share.model()).isEqualTo(byModel.get(share.model()).requests());
            assertThat(share.cost()).as(share.model()).isEqualByComparingTo(byModel.get(share.model()).cost());
        }
        Map<String, Long> reported = new HashMap<>();
        m.errors().forEach(e -> reported.merge(e.errorType(), e.requests(), Long::sum));
        assertThat(reported).isEqualTo(failures);

        // the survey's active people per week: one read of people by week, as the metrics of each week count them
        LocalDate firstWeek = start.atZone(KOLKATA).toLocalDate().with(java.time.DayOfWeek.MONDAY);
        LocalDate lastWeek = firstWeek.plusWeeks(1);
        Map<LocalDate, Long> perWeek = reports.activePeoplePerWeek(TENANT, firstWeek, lastWeek, KOLKATA, null);
        for (LocalDate week = firstWeek; !week.isAfter(lastWeek); week = week.plusWeeks(1)) {
            long expected = reports.metrics(TENANT, week.atStartOfDay(KOLKATA).toInstant(),
                    week.plusWeeks(1).atStartOfDay(KOLKATA).toInstant(), LedgerFilter.ALL).uniqueUsers();
            LocalDate monday = week;
            long direct = all.stream().filter(r -> !r.retried()
                    && r.createdAt().atZone(KOLKATA).toLocalDate().with(java.time.DayOfWeek.MONDAY).equals(monday))
                    .map(UsageRecord::userEmail).distinct().count();
            assertThat(perWeek.getOrDefault(week, 0L)).as(week.toString()).isEqualTo(expected).isEqualTo(direct);
        }
        assertThat(perWeek.values().stream().mapToLong(Long::longValue).sum()).isPositive();

        // the executive report takes its figures from the same metrics, computed once beside its other parts
        ExecutiveReport report = executive.report(TENANT, from, to, LedgerFilter.ALL, Map.of(), null,
                new ExecutiveReports.Parts(true, true));
        assertThat(report.roi().costs().aiSpend()).isEqualByComparingTo(total.cost());
        assertThat(report.productivity().answeredRequests())
                .isEqualTo(total.requests() - total.failedRequests());
        assertThat(report.businessMetrics().errorRate())
                .isEqualByComparingTo(UsageMetricsReports.ratio(total.failedRequests(), total.requests()));
        assertThat(report.adoption().activeUsers()).isEqualTo(users.size());
    }
}
