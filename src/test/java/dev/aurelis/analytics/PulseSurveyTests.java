package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AnalyticsTestBase;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code analytics.metrics.developer_satisfaction.survey_integration} acting (ADR 0072): a person answers this week's
 * pulse survey over the API (once per week; a second answer replaces theirs), and team insights and the executive
 * report show the answers beside the per-request feedback with the response rate (people who answered over people
 * active that week) and the weekly trend. Switched off, the survey's endpoints answer 404 naming the setting and the
 * reports carry no survey.
 */
class PulseSurveyTests extends AnalyticsTestBase {

    @Autowired
    AnalyticsSettings settings;
    @Autowired
    PulseSurvey survey;

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

    private JsonNode get(String path) {
        HttpResponse<String> answer = admin("GET", path, null);
        assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(200);
        return json(answer.body());
    }

    private static String answer(int satisfaction, String timeSaved, String comment) {
        return "{\"satisfaction\":" + satisfaction + ",\"time_saved\":\"" + timeSaved + "\""
                + (comment == null ? "" : ",\"comment\":\"" + comment + "\"") + "}";
    }

    @Test
    void anAnswerShowsInSatisfactionWithTheResponseRateAndASecondAnswerReplacesIt() {
        String ana = "ana-" + UUID.randomUUID() + "@corp.example";
        String bo = "bo-" + UUID.randomUUID() + "@corp.example";
        Instant now = Instant.now();
        record(exchange(now.minusSeconds(2), ana, "backend", "gpt-4o", "0.01"),
                exchange(now.minusSeconds(1), bo, "backend", "gpt-4o", "0.01"));
        String key = newKey(ana, "backend");

        JsonNode before = json(call(key, "GET", "/api/v1/surveys/current", null).body());
        assertThat(before.path("answered").asBoolean()).isFalse();
        assertThat(before.path("period").path("period").asString()).matches("\\d{4}-W\\d{2}")
                .isEqualTo(survey.periodAt(TENANT, now).period());
        assertThat(before.path("time_saved_choices").has("1_to_3h")).isTrue();

        HttpResponse<String> first = call(key, "POST", "/api/v1/surveys/responses", answer(2, "under_1h", null));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> second = call(key, "POST", "/api/v1/surveys/responses",
                answer(4, "1_to_3h", "reviews come back faster"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        JsonNode mine = json(call(key, "GET", "/api/v1/surveys/current", null).body());
        assertThat(mine.path("answered").asBoolean()).isTrue();
        assertThat(mine.path("answer").path("satisfaction").asInt()).as("the second answer replaced the first").isEqualTo(4);
        assertThat(mine.path("answer").path("comment").asString()).isEqualTo("reviews come back faster");

        assertThat(call(key, "POST", "/api/v1/surveys/responses", answer(9, "1_to_3h", null)).statusCode()).isEqualTo(400);
        assertThat(call(key, "POST", "/api/v1/surveys/responses", answer(3, "all_week", null)).statusCode()).isEqualTo(400);
        assertThat(call(key, "POST", "/api/v1/surveys/responses", answer(3, "none", "x".repeat(1001))).statusCode())
                .isEqualTo(400);
        assertThat(call(key, "POST", "/api/v1/surveys/responses", null).statusCode()).isEqualTo(400);

        JsonNode inInsights = get("/api/v1/analytics/teams").path("survey");
        assertThat(inInsights.path("respondents").asLong()).as("one answer, however often given").isEqualTo(1);
        assertThat(inInsights.path("active_people").asLong()).as("ana and bo used the assistants this week").isEqualTo(2);
        assertThat(inInsights.path("response_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(inInsights.path("mean_satisfaction").decimalValue()).isEqualByComparingTo("4");
        assertThat(inInsights.path("time_saved").path("1_to_3h").asLong()).isEqualTo(1);
        assertThat(inInsights.path("time_saved").path("under_1h").asLong()).isZero();
        JsonNode thisWeek = inInsights.path("periods").get(inInsights.path("periods").size() - 1);
        assertThat(thisWeek.path("period").asString()).isEqualTo(mine.path("period").path("period").asString());
        assertThat(thisWeek.path("respondents").asLong()).isEqualTo(1);
        assertThat(thisWeek.path("response_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(inInsights.path("periods").size()).as("the weeks of the last 30 days: the trend").isGreaterThanOrEqualTo(5);
        assertThat(get("/api/v1/analytics/teams").has("satisfaction")).as("beside the per-request feedback").isTrue();

        JsonNode inReport = get("/api/v1/analytics/executive-report").path("satisfaction");
        assertThat(inReport.path("survey").path("response_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(inReport.path("feedback").path("responses").asLong()).isZero();
        assertThat(admin("GET", "/api/v1/analytics/executive-report?format=csv", null).body())
                .contains("satisfaction,survey_response_rate,0.5");
    }

    @Test
    void switchedOffTheSurveyIsNotThereAndTheReportsCarryNone() {
        AnalyticsSettings.Groups all = AnalyticsSettings.Groups.ALL;
        settings.configure(configured.with(configured.codeQualityMetrics(), new AnalyticsSettings.Groups(all.speed(),
                all.speedTrend(), all.codeQuality(), all.codeQualityTrend(), all.satisfaction(), all.feedbackCollection(),
                all.featureUsage(), all.userEngagement(), all.speedBaseline(), all.workflowIntegration(), false,
                all.qualityScore())));
        String key = newKey("cy-" + UUID.randomUUID() + "@corp.example", "backend");

        for (HttpResponse<String> off : java.util.List.of(call(key, "GET", "/api/v1/surveys/current", null),
                call(key, "POST", "/api/v1/surveys/responses", answer(5, "over_5h", null)))) {
            assertThat(off.statusCode()).isEqualTo(404);
            assertThat(off.body()).contains("analytics.metrics.developer_satisfaction.survey_integration");
        }
        assertThat(get("/api/v1/analytics/teams").has("survey")).isFalse();
        assertThat(get("/api/v1/analytics/executive-report").path("satisfaction").has("survey")).isFalse();
        // as the database owner, whom row-level security does not restrict
        assertThat(JdbcClient.create(system).sql("select count(*) from analytics_survey_response where tenant_id = ?")
                .param(TENANT).query(Long.class).single()).as("nothing was recorded").isZero();
    }
}
