package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.testing.AnalyticsTestBase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The analytics API over HTTP: usage metrics (unique users, model distribution, errors by kind, percentiles from the
 * merged sketches), reach (a team lead sees their team), the executive report's ROI from declared assumptions, trends
 * and forecasts, CSV export, and each {@code analytics.*} switch turning its part on and off.
 */
class AnalyticsApiTests extends AnalyticsTestBase {

    private static final ZoneId KOLKATA = ZoneId.of(ZONE);

    @Autowired
    AnalyticsSettings settings;

    private AnalyticsSettings.Policy configured;
    private Instant start;

    @BeforeEach
    void fromNothing() {
        forgetAllUsage();
        configured = settings.policy();
        start = LocalDate.now(KOLKATA).minusDays(40).atStartOfDay(KOLKATA).toInstant();
    }

    @AfterEach
    void configurationAsLoaded() {
        settings.configure(configured);
    }

    /** An answered (or failed) exchange with its own latency, task and status. */
    private static UsageRecord call(Instant at, String user, String team, String model, String cost, int latencyMs,
            String task, int status, String errorType) {
        String department = switch (team) {
            case "backend" -> "engineering";
            case "infra" -> "platform";
            default -> "sales";
        };
        return new UsageRecord(UUID.randomUUID(), TENANT, at, "req-" + UUID.randomUUID(),
                UUID.nameUUIDFromBytes(user.getBytes()), user, UUID.randomUUID(), team, department, null, null, model,
                model, model, "fake-openai", "/v1/chat/completions", "claude-code", false,
                new TokenUsage(1000, 200, 0, 100, 0), new BigDecimal(cost), "USD", true, status, errorType, latencyMs, null,
                task, null, 1, false);
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = admin("GET", path, null);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    private String window() {
        return "from=" + start + "&to=" + start.plus(Duration.ofDays(10));
    }

    @Test
    void usageMetricsCountPeopleModelsErrorsAndPercentilesFromTheMergedSketches() {
        List<UsageRecord> records = new ArrayList<>();
        // 100 answered exchanges over three days with latencies 10, 20, ..., 1000 ms
        for (int i = 1; i <= 100; i++) {
            records.add(call(start.plus(Duration.ofHours(i)), i % 2 == 0 ? "ana@corp.example" : "bo@corp.example",
                    "backend", i <= 75 ? "gpt-4o" : "gpt-4o-mini", "0.01", i * 10, "code_generation", 200, null));
        }
        records.add(call(start.plusSeconds(60), "cy@corp.example", "field", "gpt-4o", "0", 5, "code_generation", 429,
                "budget_exceeded"));
        records.add(call(start.plusSeconds(120), "cy@corp.example", "field", "gpt-4o", "0.002", 900, "code_generation",
                502, "upstream_error"));
        record(records.toArray(UsageRecord[]::new));

        JsonNode m = get("/api/v1/analytics/usage?" + window());

        assertThat(m.path("requests").asLong()).isEqualTo(102);
        assertThat(m.path("failed_requests").asLong()).isEqualTo(2);
        assertThat(m.path("unique_users").asLong()).isEqualTo(3);
        assertThat(m.path("cost").decimalValue()).isEqualByComparingTo("1.002");
        assertThat(m.path("cost_efficiency").path("cache_hit_share").decimalValue()).isEqualByComparingTo("0.2");
        assertThat(m.path("models").get(0).path("model").asString()).isEqualTo("gpt-4o");
        assertThat(m.path("models").get(0).path("requests").asLong()).isEqualTo(77);
        // HdrHistogram at two significant digits: within 1 % of the exact percentile of 10..1000 ms
        assertThat(m.path("latency").path("p50").asLong()).isBetween(495L, 505L);
        assertThat(m.path("latency").path("p95").asLong()).isBetween(940L, 960L);
        assertThat(m.path("latency").path("p99").asLong()).isBetween(980L, 1000L);
        assertThat(m.path("latency").path("samples").asLong()).isEqualTo(100);
        assertThat(m.path("errors").valueStream().map(e -> e.path("kind").asString() + ":" + e.path("error_type").asString()))
                .containsExactlyInAnyOrder("refused:budget_exceeded", "provider:upstream_error");
        long peak = 0;
        for (JsonNode day : m.path("peak_hours")) {
            for (JsonNode hour : day) {
                peak += hour.asLong();
            }
        }
        assertThat(peak).as("the weekday-hour map holds every exchange once").isEqualTo(102);

        String csv = admin("GET", "/api/v1/analytics/usage?format=csv&" + window(), null).body();
        assertThat(csv).startsWith("date,requests,failed_requests,tokens,cost,currency,active_users");
    }

    @Test
    void aTeamLeadSeesTheirTeamOnly() {
        record(call(start.plusSeconds(60), "ana@corp.example", "backend", "gpt-4o", "0.01", 100, "code_generation", 200, null),
                call(start.plusSeconds(120), "cy@corp.example", "field", "gpt-4o", "0.50", 100, "code_generation", 200, null));
        String lead = newKey("{\"user\":\"lead-" + UUID.randomUUID() + "@corp.example\",\"team\":\"backend\",\"roles\":[\"team_lead\"]}");

        HttpResponse<String> answer = call(lead, "GET", "/api/v1/analytics/usage?" + window(), null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body()).path("requests").asLong()).isEqualTo(1);
        assertThat(json(answer.body()).path("cost").decimalValue()).isEqualByComparingTo("0.01");
        JsonNode teams = json(call(lead, "GET", "/api/v1/analytics/teams?" + window(), null).body()).path("teams");
        assertThat(teams.valueStream().map(t -> t.path("team").asString())).containsExactly("backend");
    }

    @Test
    void theExecutiveReportsRoiRestsOnTheDeclaredAssumptionsShownBesideIt() {
        // exactly one month (30.4375 days): 10 answered exchanges, 2 answered code reviews, 1 failed; 0.13 spent
        Instant from = start;
        Instant to = start.plus(Duration.ofMinutes(43_830));
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(call(from.plus(Duration.ofHours(i + 1)), "ana@corp.example", "backend", "gpt-4o", "0.01", 100,
                    "code_generation", 200, null));
        }
        records.add(call(from.plus(Duration.ofHours(20)), "bo@corp.example", "backend", "gpt-4o", "0.01", 100,
                "code_review", 200, null));
        records.add(call(from.plus(Duration.ofHours(21)), "bo@corp.example", "backend", "gpt-4o", "0.01", 100,
                "code_review", 200, null));
        records.add(call(from.plus(Duration.ofHours(22)), "bo@corp.example", "backend", "gpt-4o", "0.01", 100,
                "code_generation", 503, "upstream_unavailable"));
        record(records.toArray(UsageRecord[]::new));
        HttpResponse<String> declared = admin("PUT", "/api/v1/analytics/roi-assumptions", """
                {"minutes_saved_per_accepted_answer": 6, "acceptance_rate": 0.5, "loaded_hourly_cost": 100,
                 "monthly_subscription_cost": 20, "monthly_infrastructure_cost": 10, "training_cost": 70,
                 "review_minutes_saved_per_review": 15}""");
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);

        JsonNode report = get("/api/v1/analytics/executive-report?from=" + from + "&to=" + to);

        assertThat(report.path("months").decimalValue()).isEqualByComparingTo("1");
        assertThat(report.path("assumptions").path("declared").asBoolean()).isTrue();
        assertThat(report.path("assumptions").path("acceptance_rate_source").asString()).isEqualTo("declared");
        assertThat(report.path("assumptions").path("values").path("loaded_hourly_cost").decimalValue()).isEqualByComparingTo("100");
        // 10 answers x 0.5 accepted x 6 min = 0.5 h; 2 reviews x 15 min = 0.5 h
        assertThat(report.path("productivity").path("hours_saved").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(report.path("productivity").path("review_hours_saved").decimalValue()).isEqualByComparingTo("0.5");
        JsonNode roi = report.path("roi");
        assertThat(roi.path("total_savings").decimalValue()).isEqualByComparingTo("100");
        // 0.13 AI spend + 20 subscription + 10 infrastructure + 70 training
        assertThat(roi.path("total_costs").decimalValue()).isEqualByComparingTo("100.13");
        assertThat(roi.path("net_benefit").decimalValue()).isEqualByComparingTo("-0.13");
        assertThat(roi.path("roi_percentage").decimalValue()).isEqualByComparingTo("-0.13");
        // training 70 paid back by a monthly benefit of 100 - 0.13 - 30 = 69.87
        assertThat(roi.path("payback_period_months").decimalValue()).isEqualByComparingTo("1.00");
        assertThat(roi.path("breakdown").path("development_velocity").isMissingNode()).as("not measured: left out").isTrue();
        assertThat(report.path("business_metrics").path("error_rate").decimalValue()).isEqualByComparingTo("0.0769");
        assertThat(report.path("security_compliance").path("policy_refusals").asLong()).isZero();

        String csv = admin("GET", "/api/v1/analytics/executive-report?format=csv&from=" + from + "&to=" + to, null).body();
        assertThat(csv).contains("roi,total_costs,100.13").contains("assumptions,loaded_hourly_cost,100");
    }

    @Test
    void feedbackOnOnesOwnRequestsMeasuresTheAcceptanceTheRoiUses() {
        String email = "fb-" + UUID.randomUUID() + "@corp.example";
        UsageRecord used = call(start.plusSeconds(60), email, "backend", "gpt-4o", "0.01", 100, "code_generation", 200, null);
        UsageRecord unused = call(start.plusSeconds(120), email, "backend", "gpt-4o", "0.01", 100, "code_generation", 200, null);
        UsageRecord someoneElses = call(start.plusSeconds(180), "ana@corp.example", "backend", "gpt-4o", "0.01", 100,
                "code_generation", 200, null);
        record(used, unused, someoneElses);
        String key = newKey(email, "backend");

        assertThat(call(key, "POST", "/api/v1/feedback", "{\"request_id\":\"" + used.requestId()
                + "\",\"rating\":5,\"accepted\":true}").statusCode()).isEqualTo(201);
        assertThat(call(key, "POST", "/api/v1/feedback", "{\"request_id\":\"" + unused.requestId()
                + "\",\"rating\":2,\"accepted\":true}").statusCode()).isEqualTo(201);
        // a second word on the same request replaces the first
        assertThat(call(key, "POST", "/api/v1/feedback", "{\"request_id\":\"" + unused.requestId()
                + "\",\"rating\":2,\"accepted\":false}").statusCode()).isEqualTo(201);
        HttpResponse<String> notMine = call(key, "POST", "/api/v1/feedback", "{\"request_id\":\""
                + someoneElses.requestId() + "\",\"rating\":1}");
        assertThat(notMine.statusCode()).isEqualTo(404);
        assertThat(call(key, "POST", "/api/v1/feedback", "{\"request_id\":\"" + used.requestId()
                + "\",\"rating\":9}").statusCode()).isEqualTo(400);

        JsonNode report = get("/api/v1/analytics/executive-report?" + window());
        assertThat(report.path("assumptions").path("acceptance_rate_source").asString()).isEqualTo("feedback");
        assertThat(report.path("assumptions").path("acceptance_rate_used").decimalValue()).isEqualByComparingTo("0.5");
        JsonNode satisfaction = get("/api/v1/analytics/teams?" + window()).path("satisfaction");
        assertThat(satisfaction.path("responses").asLong()).isEqualTo(2);
        assertThat(satisfaction.path("mean_rating").decimalValue()).isEqualByComparingTo("3.5");
    }

    @Test
    void theForecastFollowsTheSeriesTrendAndItsScatter() {
        LocalDate today = LocalDate.now(KOLKATA);
        List<UsageRecord> records = new ArrayList<>();
        for (int d = 1; d <= 28; d++) {
            // one unit more each day: the trend is what the forecast carries forward, not the average
            Instant noon = today.minusDays(29 - d).atTime(12, 0).atZone(KOLKATA).toInstant();
            records.add(call(noon, "ana@corp.example", "backend", "gpt-4o", d + ".00", 100, "code_generation", 200, null));
        }
        record(records.toArray(UsageRecord[]::new));

        JsonNode forecast = get("/api/v1/analytics/forecast");

        assertThat(forecast.path("daily_cost").path("slope_per_day").decimalValue()).isEqualByComparingTo("1");
        assertThat(forecast.path("daily_cost").path("today").decimalValue()).isEqualByComparingTo("29");
        JsonNode month = forecast.path("month_end");
        BigDecimal spent = month.path("spent_so_far").decimalValue();
        int days = month.path("days_left").asInt();
        // the rest of today (29 at most) and each later day d at 29 + d
        BigDecimal wholeDays = BigDecimal.valueOf((long) days * 29 + (long) days * (days + 1) / 2);
        assertThat(month.path("cost").decimalValue()).isBetween(spent.add(wholeDays), spent.add(wholeDays).add(BigDecimal.valueOf(29)));
        assertThat(month.path("cost_low").decimalValue()).as("a perfect line has no scatter")
                .isEqualByComparingTo(month.path("cost").decimalValue());
    }

    @Test
    void eachSwitchTurnsItsPartOnAndOff() {
        record(call(start.plusSeconds(60), "ana@corp.example", "backend", "gpt-4o", "0.01", 100, "code_generation", 200, null));
        assertThat(admin("GET", "/api/v1/analytics/teams?" + window(), null).statusCode()).isEqualTo(200);

        settings.configure(with(configured, false, true, true, true, true, true));
        HttpResponse<String> off = admin("GET", "/api/v1/analytics/usage?" + window(), null);
        assertThat(off.statusCode()).isEqualTo(404);
        assertThat(off.body()).contains("analytics.enabled");

        settings.configure(with(configured, true, false, true, true, true, true));
        assertThat(admin("GET", "/api/v1/analytics/performance?" + window(), null).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/analytics/usage?" + window()).path("latency").isMissingNode())
                .as("latency is left out of the usage metrics").isTrue();

        settings.configure(with(configured, true, true, false, true, true, true));
        HttpResponse<String> byKey = admin("GET", "/api/v1/analytics/usage?" + window(), null);
        assertThat(byKey.statusCode()).isEqualTo(403);
        assertThat(byKey.body()).contains("analytics.api_access");

        settings.configure(with(configured, true, true, true, false, true, true));
        HttpResponse<String> csv = admin("GET", "/api/v1/analytics/usage?format=csv&" + window(), null);
        assertThat(csv.statusCode()).isEqualTo(403);
        assertThat(csv.body()).contains("analytics.data_export");

        settings.configure(with(configured, true, true, true, true, false, true));
        assertThat(admin("GET", "/api/v1/analytics/executive-report?" + window(), null).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/api/v1/analytics/teams?" + window(), null).statusCode()).isEqualTo(404);

        settings.configure(with(configured, true, true, true, true, true, false));
        assertThat(admin("GET", "/api/v1/analytics/adoption?" + window(), null).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/api/v1/analytics/forecast", null).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/api/v1/analytics/trends", null).statusCode()).isEqualTo(404);
    }

    /** The loaded policy with switches flipped (the configuration binding is tested in AnalyticsPoliciesTests). */
    private static AnalyticsSettings.Policy with(AnalyticsSettings.Policy p, boolean enabled, boolean performance,
            boolean apiAccess, boolean export, boolean reports, boolean behaviourAndTrends) {
        return new AnalyticsSettings.Policy(enabled, p.usageTracking(), performance, behaviourAndTrends, reports, reports,
                p.productivityMetrics(), p.roiAnalysis(), p.rawRetention(), p.aggregatedRetention(), export, apiAccess,
                p.dashboardEmbedding(), behaviourAndTrends, behaviourAndTrends, p.roi(), p.customMetrics());
    }
}
