package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AnalyticsTestBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code analytics.metrics}: a group switched off is left out of every answer, or its endpoint is off. */
class MetricGroupsTests extends AnalyticsTestBase {

    @Autowired
    AnalyticsSettings settings;

    private AnalyticsSettings.Policy configured;

    @BeforeEach
    void fromNothing() {
        forgetAllUsage();
        configured = settings.policy();
        Instant at = Instant.now().minus(Duration.ofHours(3));
        record(exchange(at, "ana@corp.example", "backend", "gpt-4o", "0.01"),
                exchange(at.plusSeconds(5), "bo@corp.example", "infra", "gpt-4o", "0.02"));
    }

    @AfterEach
    void configurationAsLoaded() {
        settings.configure(configured);
    }

    private void groups(AnalyticsSettings.Groups groups) {
        AnalyticsSettings.Policy p = configured;
        settings.configure(new AnalyticsSettings.Policy(p.enabled(), p.usageTracking(), p.performanceMonitoring(),
                p.userBehaviorAnalysis(), p.executiveReports(), p.teamInsights(), p.productivityMetrics(), p.roiAnalysis(),
                p.rawRetention(), p.aggregatedRetention(), p.dataExport(), p.apiAccess(), p.dashboardEmbedding(),
                p.trendAnalysis(), p.predictiveAnalytics(), p.roi(), p.customMetrics(), true, Set.of(),
                groups));
    }

    private JsonNode get(String path) {
        HttpResponse<String> answer = admin("GET", path, null);
        assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(200);
        return json(answer.body());
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    @Test
    void everyGroupOnShowsEverything() {
        groups(AnalyticsSettings.Groups.ALL);
        assertThat(absent(get("/api/v1/analytics/usage").path("latency"))).isFalse();
        assertThat(absent(get("/api/v1/analytics/adoption").path("by_client_tool"))).isFalse();
        assertThat(absent(get("/api/v1/analytics/adoption").path("workflow_integration"))).isFalse();
        assertThat(absent(get("/api/v1/analytics/teams").path("teams").get(0).path("latency_p95"))).isFalse();
        assertThat(absent(get("/api/v1/analytics/code-quality").path("weeks"))).isFalse();
    }

    @Test
    void aGroupSwitchedOffIsLeftOutOrItsEndpointIsOff() {
        groups(new AnalyticsSettings.Groups(false, false, false, false, false, false, false, false, false, false, false,
                false));

        assertThat(absent(get("/api/v1/analytics/usage").path("latency"))).as("code generation speed").isTrue();
        HttpResponse<String> performance = admin("GET", "/api/v1/analytics/performance", null);
        assertThat(performance.statusCode()).isEqualTo(404);
        assertThat(performance.body()).contains("analytics.metrics.code_generation_speed.enabled");
        JsonNode teams = get("/api/v1/analytics/teams");
        assertThat(absent(teams.path("teams").get(0).path("latency_p95"))).isTrue();
        assertThat(absent(teams.path("satisfaction"))).as("developer satisfaction").isTrue();
        assertThat(absent(get("/api/v1/analytics/trends").path("weeks").get(0).path("latency_p95"))).isTrue();
        assertThat(absent(get("/api/v1/analytics/executive-report").path("business_metrics").path("latency_p95")))
                .isTrue();
        JsonNode adoption = get("/api/v1/analytics/adoption");
        assertThat(absent(adoption.path("by_client_tool"))).as("feature usage").isTrue();
        assertThat(absent(adoption.path("daily"))).as("user engagement").isTrue();
        assertThat(absent(adoption.path("new_users"))).isTrue();
        assertThat(adoption.path("active_users").asLong()).as("adoption itself stays").isEqualTo(2);
        assertThat(absent(adoption.path("workflow_integration"))).as("workflow integration").isTrue();
        assertThat(admin("GET", "/api/v1/analytics/adoption?format=csv", null).statusCode()).isEqualTo(200);
        HttpResponse<String> quality = admin("GET", "/api/v1/analytics/code-quality", null);
        assertThat(quality.statusCode()).isEqualTo(404);
        assertThat(quality.body()).contains("analytics.metrics.code_quality_scores.enabled");
        HttpResponse<String> feedback = admin("POST", "/api/v1/feedback", "{\"request_id\":\"req-1\",\"rating\":4}");
        assertThat(feedback.statusCode()).isEqualTo(404);
        assertThat(feedback.body()).contains("feedback_collection");

        groups(new AnalyticsSettings.Groups(true, true, true, false, true, true, true, true, true, true, true, true));
        assertThat(absent(get("/api/v1/analytics/code-quality").path("weeks"))).as("code quality trend").isTrue();
    }
}
