package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AnalyticsTestBase;
import dev.aurelis.workflows.WorkflowRunFinished;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * {@code analytics.metrics.code_quality_scores.automated_analysis} acting (ADR 0072): the code quality report scores
 * each repository, week and the whole period from the findings the workflows capability reports, by the formula of
 * docs/analytics.md; switched off, the report keeps the raw counts and carries no score.
 */
class CodeQualityScoreTests extends AnalyticsTestBase {

    @Autowired
    AnalyticsSettings settings;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate transactions;

    private AnalyticsSettings.Policy configured;

    @BeforeEach
    void fourFinishedReviews() {
        JdbcClient.create(system).sql("delete from analytics_code_quality where tenant_id = ?").param(TENANT).update();
        configured = settings.policy();
        settings.configure(configured.with(true, AnalyticsSettings.Groups.ALL));
        Instant finished = Instant.now().minus(Duration.ofMinutes(5));
        finish("acme/api", Map.of("high", 1, "low", 3), finished);
        finish("acme/api", Map.of("medium", 1), finished.plusSeconds(1));
        finish("acme/web", Map.of("info", 4), finished.plusSeconds(2));
        finish("acme/web", Map.of("low", 1), finished.plusSeconds(3));
        // the workflows capability reports finished runs on a thread of its own
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> report().path("totals").path("reviews").asLong() == 4);
    }

    @AfterEach
    void configurationAsLoaded() {
        settings.configure(configured);
    }

    private JsonNode report() {
        HttpResponse<String> answer = admin("GET", "/api/v1/analytics/code-quality", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer.body());
    }

    private static Map<String, JsonNode> byRepository(JsonNode report) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        report.path("repositories").forEach(r -> out.put(r.path("repository").asString(), r));
        return out;
    }

    @Test
    void eachRepositoryWeekAndThePeriodIsScoredByTheDocumentedFormula() {
        JsonNode report = report();

        // acme/api: (5*1 high + 1*3 low + 2*1 medium) / 2 reviews = 5 per review: 100 - 10 * 5 = 50
        assertThat(byRepository(report).get("acme/api").path("score").asInt()).isEqualTo(50);
        // acme/web: (0*4 info + 1*1 low) / 2 reviews = 0.5 per review: 100 - 10 * 0.5 = 95
        assertThat(byRepository(report).get("acme/web").path("score").asInt()).isEqualTo(95);
        // all four: 11 / 4 = 2.75 per review: 100 - 27.5 = 72.5, rounded half up
        assertThat(report.path("score").asInt()).isEqualTo(73);
        assertThat(report.path("scoring").asString()).contains("10*critical + 5*high + 2*medium + 1*low");
        assertThat(report.path("weeks").valueStream().allMatch(w -> w.has("score")))
                .as("the weekly series carries its scores: the trend").isTrue();
    }

    @Test
    void withoutAutomatedAnalysisTheReportKeepsTheCountsAndHasNoScore() {
        AnalyticsSettings.Groups all = AnalyticsSettings.Groups.ALL;
        settings.configure(configured.with(true, new AnalyticsSettings.Groups(all.speed(), all.speedTrend(),
                all.codeQuality(), all.codeQualityTrend(), all.satisfaction(), all.feedbackCollection(),
                all.featureUsage(), all.userEngagement(), all.speedBaseline(), all.workflowIntegration(), all.survey(),
                false)));

        JsonNode report = report();

        assertThat(report.path("totals").path("findings").asLong()).isEqualTo(10);
        assertThat(byRepository(report).get("acme/api").path("counts").path("high").asLong()).isEqualTo(1);
        assertThat(report.has("score")).isFalse();
        assertThat(report.has("scoring")).isFalse();
        assertThat(report.path("repositories").valueStream().noneMatch(r -> r.has("score"))).isTrue();
        assertThat(report.path("weeks").valueStream().noneMatch(w -> w.has("score"))).isTrue();
    }

    private void finish(String repository, Map<String, Integer> bySeverity, Instant finished) {
        int findings = bySeverity.values().stream().mapToInt(Integer::intValue).sum();
        transactions.executeWithoutResult(status -> events.publishEvent(new WorkflowRunFinished(TENANT, UUID.randomUUID(),
                "enterprise_code_review", "github", repository, 7L, "abc123", "pr_created", "dev@corp.example", "backend",
                null, "success", findings, 0, bySeverity, List.of(), List.of(), null, finished.minusSeconds(60),
                finished)));
    }
}
