package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.analytics.rollup.Rollups;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AnalyticsTestBase;
import dev.aurelis.testing.TestDatabase;
import dev.aurelis.workflows.WorkflowRunFinished;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code analytics.custom_metrics}, {@code code_quality_metrics} and {@code cost_tracking.providers} acting: custom
 * metrics count the exchanges the rollups fold (once, not again on a rebuild) and the workflow runs that finish, on
 * {@code /metrics} and in the analytics API; review findings are reported per repository and severity; cost on
 * providers outside the tracked list is set apart in the cost report.
 */
class CustomMetricsTests extends AnalyticsTestBase {

    @Autowired
    AnalyticsSettings settings;
    @Autowired
    Rollups rollups;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate transactions;

    private AnalyticsSettings.Policy configured;

    @BeforeEach
    void fromNothing() {
        forgetAllUsage();
        JdbcClient.create(system).sql("delete from analytics_code_quality where tenant_id = ?").param(TENANT).update();
        configured = settings.policy();
    }

    @AfterEach
    void configurationAsLoaded() {
        settings.configure(configured);
    }

    private void configure(List<CustomMetric> metrics, boolean codeQuality, Set<String> costProviders) {
        AnalyticsSettings.Policy p = configured;
        settings.configure(new AnalyticsSettings.Policy(p.enabled(), p.usageTracking(), p.performanceMonitoring(),
                p.userBehaviorAnalysis(), p.executiveReports(), p.teamInsights(), p.productivityMetrics(), p.roiAnalysis(),
                p.rawRetention(), p.aggregatedRetention(), p.dataExport(), p.apiAccess(), p.dashboardEmbedding(),
                p.trendAnalysis(), p.predictiveAnalytics(), p.roi(), metrics, codeQuality,
                costProviders, p.groups()));
    }

    private static UsageRecord review(Instant at, String team, int latencyMs, int status) {
        UsageRecord r = attempt(at, "req-" + UUID.randomUUID(), "ana@corp.example", team, "gpt-4o", "0.01", status,
                status >= 400 ? "upstream_error" : null, 1, false);
        return new UsageRecord(r.id(), r.tenantId(), r.createdAt(), r.requestId(), r.userId(), r.userEmail(), r.keyId(),
                r.team(), r.department(), r.costCenter(), r.project(), r.modelRequested(), r.modelServed(),
                r.providerModel(), r.provider(), r.endpoint(), r.clientTool(), r.streamed(), r.usage(), r.cost(),
                r.currency(), r.priced(), r.status(), r.errorType(), latencyMs, r.firstTokenMs(), "code_review", r.route(),
                r.attempt(), r.retried(), r.usageEstimate(), r.privacy());
    }

    private String scrape() {
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                .header("Authorization", "Bearer " + TestDatabase.METRICS_TOKEN).GET().build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body();
    }

    /** The value of the series of {@code metric} with (at least) {@code labels}, in the Prometheus text format. */
    private static double sample(String scraped, String metric, String... labels) {
        return scraped.lines().filter(l -> l.startsWith(metric + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(label -> l.substring(0, l.indexOf('}') + 1)
                        .contains(label)))
                .findFirst()
                .map(l -> Double.parseDouble(l.substring(l.indexOf('}') + 1).strip().split(" ")[0]))
                .orElseThrow(() -> new AssertionError(metric + " " + List.of(labels) + " not on /metrics:\n"
                        + scraped.lines().filter(l -> l.startsWith("aurelis_custom")).toList()));
    }

    private JsonNode metric(String name) {
        HttpResponse<String> answer = admin("GET", "/api/v1/analytics/custom-metrics", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        for (JsonNode m : json(answer.body()).path("metrics")) {
            if (m.path("name").asString().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name + " not in " + answer.body());
    }

    private static Map<String, JsonNode> byFirstDimension(JsonNode metric, String dimension) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        metric.path("series").forEach(s -> out.put(s.path("dimensions").path(dimension).asString(), s));
        return out;
    }

    @Test
    void exchangesAreCountedOnceAsTheRollupsFoldThemAndShownOnMetricsAndInTheApi() {
        String suffix = Long.toString(System.nanoTime(), 36);
        String counter = "reviews_" + suffix;
        String histogram = "review_latency_" + suffix;
        configure(List.of(
                new CustomMetric(counter, "counter", "exchanges", Map.of("task", "code_review"), List.of("team"), null,
                        "Answered and failed code reviews"),
                new CustomMetric(histogram, "histogram", "exchanges", Map.of("event_type", "exchange_completed"),
                        List.of("team"), null, null)), false, Set.of());
        Instant at = Instant.now().minus(Duration.ofHours(2));
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(review(at.plusSeconds(i), "backend", 100 * (i + 1), 200));
        }
        records.add(review(at.plusSeconds(10), "infra", 50, 502));
        records.add(exchange(at.plusSeconds(11), "bo@corp.example", "infra", "gpt-4o", "0.01")); // not a review
        record(records.toArray(UsageRecord[]::new));
        settled();
        rollups.catchUp(TenantId.of(TENANT));

        Map<String, JsonNode> reviews = byFirstDimension(metric(counter), "team");
        assertThat(reviews.get("backend").path("count").asLong()).isEqualTo(5);
        assertThat(reviews.get("infra").path("count").asLong()).isEqualTo(1);
        Map<String, JsonNode> latency = byFirstDimension(metric(histogram), "team");
        assertThat(latency.get("backend").path("count").asLong()).isEqualTo(5);
        assertThat(latency.get("backend").path("sum").asDouble()).isEqualTo(1500.0);
        assertThat(latency.get("backend").path("max").asDouble()).isEqualTo(500.0);
        assertThat(latency.get("infra").path("count").asLong()).as("the other infra exchange").isEqualTo(1);

        String lead = newKey("{\"user\":\"lead-" + UUID.randomUUID() + "@corp.example\",\"team\":\"backend\","
                + "\"roles\":[\"team_lead\"]}");
        HttpResponse<String> scoped = call(lead, "GET", "/api/v1/analytics/custom-metrics", null);
        assertThat(scoped.statusCode()).as(scoped.body()).isEqualTo(200);
        for (JsonNode m : json(scoped.body()).path("metrics")) {
            assertThat(m.path("series").valueStream().map(p -> p.path("dimensions").path("team").asString()))
                    .as("a team lead sees their team's series").containsOnly("backend");
        }

        String scraped = scrape();
        String tenant = "tenant=\"" + TENANT + "\"";
        assertThat(sample(scraped, "aurelis_custom_" + counter + "_total", "team=\"backend\"", tenant)).isEqualTo(5.0);
        assertThat(sample(scraped, "aurelis_custom_" + histogram + "_count", "team=\"backend\"", tenant)).isEqualTo(5.0);

        rollups.rebuild(TenantId.of(TENANT));
        assertThat(byFirstDimension(metric(counter), "team").get("backend").path("count").asLong())
                .as("a rebuild folds the same records again: they are not counted twice").isEqualTo(5);
    }

    @Test
    void finishedReviewsFeedCodeQualityAndTheBriefsReviewTimeHistogram() {
        String name = "code_review_completion_time_" + Long.toString(System.nanoTime(), 36);
        configure(List.of(new CustomMetric(name, "histogram", "a2_events",
                Map.of("event_type", "code_review_completed"), List.of("user", "repository"), null, null)), true, Set.of());
        Instant finished = Instant.now().minus(Duration.ofMinutes(5));
        finish("acme/api", "success", Map.of("high", 2, "low", 3), finished.minusSeconds(90), finished);
        finish("acme/api", "failure", Map.of("critical", 1), finished.minusSeconds(30), finished.plusSeconds(1));
        finish("acme/web", "neutral", Map.of("info", 4), finished.minusSeconds(10), finished.plusSeconds(2));
        finish("acme/web", "cancelled", Map.of(), finished.minusSeconds(10), finished.plusSeconds(3));

        // the workflows capability reports finished runs on a thread of its own
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> json(admin("GET",
                "/api/v1/analytics/code-quality", null).body()).path("totals").path("reviews").asLong() == 3
                && reviewsObserved(name) == 3);
        HttpResponse<String> answer = admin("GET", "/api/v1/analytics/code-quality", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = json(answer.body());
        assertThat(report.path("totals").path("reviews").asLong()).as("the cancelled run found nothing").isEqualTo(3);
        assertThat(report.path("totals").path("critical").asLong()).isEqualTo(1);
        assertThat(report.path("totals").path("findings").asLong()).isEqualTo(10);
        JsonNode first = report.path("repositories").get(0);
        assertThat(first.path("repository").asString()).isEqualTo("acme/api");
        assertThat(first.path("counts").path("high").asLong()).isEqualTo(2);
        assertThat(report.path("weeks").get(0).path("week").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(json(admin("GET", "/api/v1/analytics/code-quality?repository=acme/web", null).body())
                .path("totals").path("info").asLong()).isEqualTo(4);

        assertThat(reviewsObserved(name)).as("completed reviews only").isEqualTo(3);
        assertThat(sample(scrape(), "aurelis_custom_" + name + "_sum", "repository=\"acme/api\"",
                "user=\"dev@corp.example\"")).as("90 s and 31 s, in milliseconds").isEqualTo(121_000.0);

        configure(List.of(), false, Set.of());
        HttpResponse<String> off = admin("GET", "/api/v1/analytics/code-quality", null);
        assertThat(off.statusCode()).isEqualTo(404);
        assertThat(off.body()).contains("analytics.code_quality_metrics");
    }

    private long reviewsObserved(String name) {
        long reviews = 0;
        for (JsonNode series : metric(name).path("series")) {
            reviews += series.path("count").asLong();
        }
        return reviews;
    }

    private void finish(String repository, String conclusion, Map<String, Integer> bySeverity, Instant started,
            Instant finished) {
        int findings = bySeverity.values().stream().mapToInt(Integer::intValue).sum();
        transactions.executeWithoutResult(status -> events.publishEvent(new WorkflowRunFinished(TENANT, UUID.randomUUID(),
                "enterprise_code_review", "github", repository, 7L, "abc123", "pr_created", "dev@corp.example", "backend",
                null, conclusion, findings, 0, bySeverity, List.of(), List.of(), null, started, finished)));
    }

    @Test
    void costOnProvidersOutsideTheTrackedListIsSetApartInTheCostReport() {
        configure(List.of(), false, Set.of("fake-openai"));
        Instant now = Instant.now().minusSeconds(60);
        record(exchange(now, "ana@corp.example", "backend", "gpt-4o", "0.30"),
                exchange(now.plusSeconds(1), "ana@corp.example", "backend", "claude-sonnet-4-5", "0.25"),
                exchange(now.plusSeconds(2), "bo@corp.example", "infra", "claude-sonnet-4-5", "0.05"));

        JsonNode report = json(admin("GET", "/api/v1/reports/cost?breakdown=team", null).body());

        assertThat(report.path("totals").path("cost").decimalValue()).as("totals keep every cost")
                .isEqualByComparingTo("0.60");
        JsonNode tracking = report.path("cost_tracking");
        assertThat(tracking.path("providers").get(0).asString()).isEqualTo("fake-openai");
        assertThat(tracking.path("untracked").get(0).path("provider").asString()).isEqualTo("fake-anthropic");
        assertThat(tracking.path("untracked").get(0).path("requests").asLong()).isEqualTo(2);
        assertThat(tracking.path("untracked_cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.30"));

        configure(List.of(), false, Set.of());
        assertThat(json(admin("GET", "/api/v1/reports/cost", null).body()).path("cost_tracking").isNull()
                || json(admin("GET", "/api/v1/reports/cost", null).body()).path("cost_tracking").isMissingNode())
                .as("no list: nothing set apart").isTrue();
    }
}
