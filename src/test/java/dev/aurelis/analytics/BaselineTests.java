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

/** {@code analytics.metrics.code_generation_speed.baseline_measurement}: the first two weeks against the last two. */
class BaselineTests extends AnalyticsTestBase {

    @Autowired
    AnalyticsSettings settings;

    private AnalyticsSettings.Policy configured;

    @BeforeEach
    void fromNothing() {
        forgetAllUsage();
        configured = settings.policy();
    }

    @AfterEach
    void configurationAsLoaded() {
        settings.configure(configured);
    }

    @Test
    void nothingRecordedIsNoDataAndAYoungOrganisationIsStillMeasuring() {
        assertThat(baseline("").path("status").asString()).isEqualTo("no_data");

        Instant now = Instant.now();
        record(timedExchange(now.minus(Duration.ofDays(3)), "ana@corp.example", "backend", 900),
                timedExchange(now.minus(Duration.ofHours(2)), "ana@corp.example", "backend", 700));
        JsonNode measuring = baseline("");
        assertThat(measuring.path("status").asString()).isEqualTo("measuring");
        assertThat(measuring.path("baseline").path("requests").asLong()).isEqualTo(2);
        assertThat(measuring.path("current").isNull() || measuring.path("current").isMissingNode()).isTrue();
        assertThat(measuring.path("change").isNull() || measuring.path("change").isMissingNode()).isTrue();
    }

    @Test
    void theFirstTwoWeeksAreComparedWithTheLastTwo() {
        Instant now = Instant.now();
        // the baseline: 60 days ago, slow answers, one person asking twice a day
        for (int day = 0; day < 14; day++) {
            Instant at = now.minus(Duration.ofDays(60 - day));
            record(timedExchange(at, "ana@corp.example", "backend", 2000),
                    timedExchange(at.plusSeconds(60), "ana@corp.example", "backend", 2000));
        }
        // a month between them that counts for neither
        record(timedExchange(now.minus(Duration.ofDays(30)), "bo@corp.example", "infra", 9000));
        // the last two weeks: twice as fast, two people asking twice a day each
        for (int day = 1; day <= 12; day++) {
            Instant at = now.minus(Duration.ofDays(day));
            record(timedExchange(at, "ana@corp.example", "backend", 1000),
                    timedExchange(at.plusSeconds(60), "ana@corp.example", "backend", 1000),
                    timedExchange(at.plusSeconds(120), "bo@corp.example", "infra", 1000),
                    timedExchange(at.plusSeconds(180), "bo@corp.example", "infra", 1000));
        }

        JsonNode answer = baseline("");
        assertThat(answer.path("status").asString()).isEqualTo("measured");
        JsonNode baseline = answer.path("baseline");
        assertThat(baseline.path("requests").asLong()).isEqualTo(28);
        assertThat(baseline.path("active_users").asLong()).isEqualTo(1);
        assertThat(baseline.path("requests_per_user_per_day").decimalValue()).isEqualByComparingTo("2");
        assertThat(baseline.path("latency_p95").asLong()).isBetween(1900L, 2100L);
        JsonNode current = answer.path("current");
        assertThat(current.path("requests").asLong()).isEqualTo(48);
        assertThat(current.path("active_users").asLong()).isEqualTo(2);
        assertThat(current.path("latency_p95").asLong()).isBetween(950L, 1050L);
        assertThat(answer.path("change").path("latency_p95").decimalValue().doubleValue()).isBetween(-0.55, -0.45);

        // a team's own baseline: infra began with the slow exchange of 30 days ago
        JsonNode infra = baseline("?team=infra");
        assertThat(infra.path("baseline").path("from").asString())
                .isEqualTo(java.time.LocalDate.ofInstant(now.minus(Duration.ofDays(30)), java.time.ZoneId.of(answer.path("time_zone").asString())).toString());
        assertThat(infra.path("baseline").path("requests").asLong()).isEqualTo(1);
        assertThat(infra.path("current").path("requests").asLong()).isEqualTo(24);
        assertThat(infra.path("change").path("latency_p95").decimalValue().doubleValue()).isLessThan(-0.8);
    }

    @Test
    void theSettingOffTurnsTheEndpointOffNamingTheKey() {
        AnalyticsSettings.Policy p = configured;
        AnalyticsSettings.Groups g = p.groups();
        settings.configure(new AnalyticsSettings.Policy(p.enabled(), p.usageTracking(), p.performanceMonitoring(),
                p.userBehaviorAnalysis(), p.executiveReports(), p.teamInsights(), p.productivityMetrics(), p.roiAnalysis(),
                p.rawRetention(), p.aggregatedRetention(), p.dataExport(), p.apiAccess(), p.dashboardEmbedding(),
                p.trendAnalysis(), p.predictiveAnalytics(), p.roi(), p.customMetrics(),
                p.codeQualityMetrics(), Set.of(), new AnalyticsSettings.Groups(g.speed(), g.speedTrend(), g.codeQuality(),
                        g.codeQualityTrend(), g.satisfaction(), g.feedbackCollection(), g.featureUsage(),
                        g.userEngagement(), false, g.workflowIntegration(), g.survey(), g.qualityScore())));
        HttpResponse<String> off = admin("GET", "/api/v1/analytics/baseline", null);
        assertThat(off.statusCode()).isEqualTo(404);
        assertThat(off.body()).contains("analytics.metrics.code_generation_speed.baseline_measurement");
    }

    private JsonNode baseline(String query) {
        HttpResponse<String> answer = admin("GET", "/api/v1/analytics/baseline" + query, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer.body());
    }
}
