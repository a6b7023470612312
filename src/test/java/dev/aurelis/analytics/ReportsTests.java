package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AnalyticsTestBase;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The cost report and the usage API tell one truth: both count exchanges (a retried exchange once, every attempt
 * charged), both cut months in the organisation's time zone, money leaves them exact in JSON and CSV, unpriced
 * usage is flagged per group and in CSV, and savings suggestions are not swayed by requests Aurelis refused.
 */
class ReportsTests extends AnalyticsTestBase {

    private static final ZoneId KOLKATA = ZoneId.of(ZONE);

    private YearMonth month;
    private Instant monthStart;
    private Instant monthEnd;

    @BeforeEach
    void lastMonth() {
        forgetAllUsage();
        month = YearMonth.now(KOLKATA).minusMonths(1);
        monthStart = month.atDay(1).atStartOfDay(KOLKATA).toInstant();
        monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(KOLKATA).toInstant();
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = admin("GET", path, null);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    @Test
    void theCostReportAndTheUsageApiCountExchangesAlikeAndCutMonthsInTheOrganisationsZone() {
        // 10 minutes before the month begins in Kolkata (already the month in UTC), and 10 minutes after it began
        record(exchange(monthStart.minusSeconds(600), "ana@corp.example", "backend", "gpt-4o", "0.01"));
        record(exchange(monthStart.plusSeconds(600), "ana@corp.example", "backend", "gpt-4o", "0.02"));
        // one exchange, retried once: two attempts charged, one request
        record(attempt(monthStart.plusSeconds(3600), "req-retried", "bo@corp.example", "infra", "gpt-4o", "0.003", 503,
                "upstream_unavailable", 1, true),
                attempt(monthStart.plusSeconds(3601), "req-retried", "bo@corp.example", "infra", "gpt-4o", "0.004", 200,
                        null, 2, false));
        // the last minute of the month in Kolkata (the next month in no zone west of it)
        record(exchange(monthEnd.minusSeconds(60), "cy@corp.example", "field", "gpt-4o-mini", "0.0005"));

        JsonNode report = get("/api/v1/reports/cost?period=" + month + "&breakdown=team");
        assertThat(report.path("time_zone").asString()).isEqualTo(ZONE);
        assertThat(report.path("totals").path("requests").asLong()).isEqualTo(3);
        assertThat(report.path("totals").path("retried_attempts").asLong()).isEqualTo(1);
        assertThat(report.path("totals").path("cost").decimalValue()).isEqualByComparingTo("0.0275");

        JsonNode usage = get("/api/v1/usage?from=" + monthStart + "&to=" + monthEnd + "&limit=0");
        assertThat(usage.path("totals").path("requests").asLong()).isEqualTo(3);
        assertThat(usage.path("totals").path("cost").decimalValue()).isEqualByComparingTo("0.0275");

        JsonNode byMonth = get("/api/v1/usage?group_by=month&limit=0");
        assertThat(byMonth.path("time_zone").asString()).isEqualTo(ZONE);
        JsonNode thisMonth = byMonth.path("groups").valueStream()
                .filter(g -> g.path("key").path("month").asString().equals(month.toString())).findFirst().orElseThrow();
        assertThat(thisMonth.path("totals").path("requests").asLong()).isEqualTo(3);
        assertThat(byMonth.path("groups").valueStream().map(g -> g.path("key").path("month").asString()))
                .containsExactlyInAnyOrder(month.toString(), month.minusMonths(1).toString());

        JsonNode days = report.path("days");
        assertThat(days.get(0).path("date").asString()).isEqualTo(month.atDay(1).toString());
        assertThat(days.get(days.size() - 1).path("date").asString()).isEqualTo(month.atEndOfMonth().toString());
    }

    @Test
    void moneyLeavesExactInJsonAndCsv() {
        record(exchange(monthStart.plusSeconds(60), "ana@corp.example", "backend", "gpt-4o-mini", "0.00000015"),
                exchange(monthStart.plusSeconds(120), "ana@corp.example", "backend", "gpt-4o", "100"),
                exchange(monthStart.plusSeconds(180), "bo@corp.example", "infra", "gpt-4o", "0.1234567891"));

        String json = admin("GET", "/api/v1/usage?from=" + monthStart + "&to=" + monthEnd + "&group_by=model&limit=0", null)
                .body();
        assertThat(json).contains("\"cost\":0.00000015").contains("\"cost\":100.1234567891")
                .doesNotContainPattern("[0-9][eE][-+]?[0-9]");
        String report = admin("GET", "/api/v1/reports/cost?period=" + month + "&breakdown=model", null).body();
        assertThat(report).contains("\"cost\":100.1234569391,\"projected_cost\":100.1234569391").doesNotContainPattern("\"cost\":[0-9.]*[eE]");
        String csv = admin("GET", "/api/v1/reports/cost?period=" + month + "&breakdown=model&format=csv", null).body();
        assertThat(csv).contains("\ngpt-4o-mini,1,1000,100,0.00000015,").contains("\n(total),3,3000,300,100.1234569391,1,100.1234569391,");
    }

    @Test
    void unpricedUsageIsFlaggedInEveryGroupAndInTheCsv() {
        record(exchange(monthStart.plusSeconds(60), "ana@corp.example", "backend", "gpt-4o", "0.01"),
                exchange(monthStart.plusSeconds(70), "ana@corp.example", "backend", "local-llama", null),
                exchange(monthStart.plusSeconds(80), "bo@corp.example", "infra", "local-llama", null));

        JsonNode report = get("/api/v1/reports/cost?period=" + month + "&breakdown=team");
        JsonNode backend = group(report.path("groups"), "backend");
        assertThat(backend.path("unpriced_requests").asLong()).isEqualTo(1);
        assertThat(backend.path("unpriced_tokens").asLong()).isEqualTo(1100);
        assertThat(group(report.path("groups"), "infra").path("unpriced_requests").asLong()).isEqualTo(1);
        assertThat(report.path("totals").path("unpriced_requests").asLong()).isEqualTo(2);

        String csv = admin("GET", "/api/v1/reports/cost?period=" + month + "&breakdown=team&format=csv", null).body();
        assertThat(csv.lines().findFirst().orElseThrow()).contains("unpriced_requests,unpriced_tokens");
        assertThat(csv).contains("\ninfra,1,1000,100,0,0,0,1,1100,USD").contains("\n(total),3,3000,300,0.01,1,");

        JsonNode usage = get("/api/v1/usage?from=" + monthStart + "&to=" + monthEnd + "&group_by=user&limit=0");
        assertThat(usage.path("groups").valueStream().map(g -> g.path("totals").path("unpriced_requests").asLong()))
                .containsExactlyInAnyOrder(1L, 1L);
    }

    @Test
    void savingsSuggestionsIgnoreRequestsAurelisRefused() {
        List<dev.aurelis.spend.UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant at = monthStart.plusSeconds(600 + i);
            records.add(exchange(at, "ana@corp.example", "backend", "gpt-4o", "0.05"));
            records.add(exchange(at, "bo@corp.example", "infra", "gpt-4o-mini", "0.001"));
            // budget refusals of the cheap model's team: no reflection on the model
            records.add(attempt(at, "req-refused-" + i, "bo@corp.example", "infra", "gpt-4o-mini", "0", 429,
                    "budget_exceeded", 1, false));
        }
        record(records.toArray(dev.aurelis.spend.UsageRecord[]::new));

        JsonNode suggestions = get("/api/v1/reports/cost?period=" + month + "&breakdown=team").path("suggestions");
        assertThat(suggestions).anySatisfy(s -> {
            assertThat(s.path("team").asString()).isEqualTo("backend");
            assertThat(s.path("model").asString()).isEqualTo("gpt-4o");
            assertThat(s.path("cheaper_model").asString()).isEqualTo("gpt-4o-mini");
            assertThat(s.path("cheaper_requests").asLong()).as("refused requests are not counted").isEqualTo(6);
            assertThat(s.path("estimated_savings").decimalValue()).isEqualByComparingTo("0.294");
        });
    }

    private static JsonNode group(JsonNode groups, String key) {
        return groups.valueStream().filter(g -> key.equals(g.path("key").asString())).findFirst().orElseThrow();
    }
}
