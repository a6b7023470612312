package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.analytics.AnalyticsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analytics switches of the file reach the analytics module as written (AnalyticsApiTests shows each acting). */
class AnalyticsPoliciesTests {

    @TempDir
    Path dir;

    private AnalyticsSettings.Policy policyOf(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("aurelis.yaml"), yaml);
        return AnalyticsPolicies.of(ConfigurationLoader.load(file, Map.of()).config());
    }

    @Test
    void eachSwitchIsPassedAsWritten() throws IOException {
        AnalyticsSettings.Policy on = policyOf("""
                organization: { name: "Switches", id: "switches" }
                analytics:
                  enabled: true
                  performance_monitoring: true
                  user_behavior_analysis: false
                  executive_reports: true
                  team_insights: false
                  productivity_metrics: true
                  roi_analysis: false
                  data_export: true
                  api_access: false
                advanced_features:
                  trend_analysis: true
                  predictive_analytics: false
                """);
        assertThat(on.enabled()).isTrue();
        assertThat(on.performanceMonitoring()).isTrue();
        assertThat(on.userBehaviorAnalysis()).isFalse();
        assertThat(on.executiveReports()).isTrue();
        assertThat(on.teamInsights()).isFalse();
        assertThat(on.productivityMetrics()).isTrue();
        assertThat(on.roiAnalysis()).isFalse();
        assertThat(on.dataExport()).isTrue();
        assertThat(on.apiAccess()).isFalse();
        assertThat(on.trendAnalysis()).isTrue();
        assertThat(on.predictiveAnalytics()).isFalse();

        AnalyticsSettings.Policy off = policyOf("organization: { name: \"Quiet\", id: \"quiet\" }\n");
        assertThat(off.enabled()).as("analytics is off unless the file turns it on").isFalse();
        assertThat(off.executiveReports()).isFalse();
    }

    @Test
    void customMetricsInTheBriefsFormatArePassedWithTheirStreamsDefaultMeasure() throws IOException {
        AnalyticsSettings.Policy policy = policyOf("""
                organization: { name: "Metrics", id: "metrics" }
                analytics:
                  enabled: true
                  custom_metrics:
                    - name: code_review_completion_time
                      type: histogram
                      source: a2_events
                      filter: { event_type: code_review_completed }
                      dimensions: [user, repository]
                    - name: reviews_by_team
                      type: counter
                      source: exchanges
                      filter: { task: code_review }
                      dimensions: [team]
                """);
        assertThat(policy.customMetrics()).hasSize(2);
        assertThat(policy.customMetrics().getFirst().value()).as("a run's duration").isEqualTo("duration_ms");
        assertThat(policy.customMetrics().getFirst().dimensions()).containsExactly("user", "repository");
        assertThat(policy.customMetrics().get(1).filter()).containsEntry("task", "code_review");
    }

    @Test
    void aCustomMetricThatCannotBeComputedIsRefusedWithItsFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.aurelis.yaml"), """
                organization: { name: "Metrics", id: "metrics" }
                analytics:
                  custom_metrics:
                    - name: fine
                      type: counter
                      source: exchanges
                    - name: review_time
                      type: histogram
                      source: a2_events
                      dimensions: [reviewer]
                    - name: fine
                      type: gauge
                      source: feedback
                    - name: odd
                      type: summary
                      source: exchanges
                """);
        assertThatThrownBy(() -> ConfigurationLoader.load(file, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("metrics.aurelis.yaml:7: analytics.custom_metrics[1]: Custom metric 'review_time': "
                        + "the events of 'a2_events' have no field 'reviewer'")
                .hasMessageContaining("metrics.aurelis.yaml:11: analytics.custom_metrics[2].name: 'fine' names an "
                        + "earlier custom metric too")
                .hasMessageContaining("metrics.aurelis.yaml:14: analytics.custom_metrics[3]: Custom metric 'odd': "
                        + "'type' must be counter, histogram or gauge");
    }

    @Test
    void costTrackingProvidersNameProvidersOrTheirTypes() throws IOException {
        AnalyticsSettings.Policy policy = policyOf("""
                organization: { name: "Costs", id: "costs" }
                providers:
                  - { name: openai-eu, type: openai, api_key: "k", models: ["gpt-4o"] }
                  - { name: openai-us, type: openai, api_key: "k", models: ["gpt-4o"] }
                  - { name: claude, type: anthropic, api_key: "k", models: ["claude-sonnet-4-5"] }
                  - { name: house, type: openai, base_url: "http://localhost:9", api_key: "k", models: ["local"] }
                analytics:
                  code_quality_metrics: true
                  cost_tracking:
                    providers: ["openai-eu", "anthropic", "github"]
                """);
        assertThat(policy.costProviders()).containsExactlyInAnyOrder("openai-eu", "claude", "github");
        assertThat(policy.tracksCostOf("openai-us")).isFalse();
        assertThat(policy.tracksCostOf("claude")).isTrue();
        assertThat(policy.codeQualityMetrics()).isTrue();
        assertThat(policyOf("organization: { name: \"All\", id: \"all\" }\n").tracksCostOf("anything"))
                .as("without a list every provider's cost is tracked").isTrue();
    }

    @Test
    void metricGroupsAreOnUnlessSwitchedOffAndFlagsWithoutAFigureAreListedAsNotYetEnforced() throws IOException {
        Path file = Files.writeString(dir.resolve("groups.aurelis.yaml"), """
                organization: { name: "Groups", id: "groups" }
                analytics:
                  metrics:
                    code_generation_speed:
                      enabled: true
                      baseline_measurement: true
                      improvement_tracking: false
                    code_quality_scores:
                      enabled: false
                      trend_analysis: true
                    developer_satisfaction:
                      feedback_collection: false
                    adoption_rates:
                      feature_usage: false
                      user_engagement: true
                """);
        LoadedConfiguration loaded = ConfigurationLoader.load(file, Map.of());
        AnalyticsSettings.Groups groups = AnalyticsPolicies.of(loaded.config()).groups();
        assertThat(groups).isEqualTo(new AnalyticsSettings.Groups(true, false, false, false, true, false, false, true, true, true,
                true, false));
        // every flag of the file acts (the speed baseline too)
        assertThat(loaded.notYetEnforced()).isEmpty();
        assertThat(policyOf("organization: { name: \"All\", id: \"all\" }\n").groups())
                .isEqualTo(AnalyticsSettings.Groups.ALL);
    }

    @Test
    void theSurveyAndTheQualityScoreFollowTheirFlagsAndTheirGroups() throws IOException {
        Path file = Files.writeString(dir.resolve("survey.aurelis.yaml"), """
                organization: { name: "Survey", id: "survey" }
                analytics:
                  metrics:
                    code_quality_scores:
                      automated_analysis: false
                    developer_satisfaction:
                      survey_integration: false
                """);
        LoadedConfiguration loaded = ConfigurationLoader.load(file, Map.of());
        AnalyticsSettings.Groups groups = AnalyticsPolicies.of(loaded.config()).groups();
        assertThat(groups.survey()).isFalse();
        assertThat(groups.qualityScore()).isFalse();
        assertThat(groups.satisfaction()).as("feedback goes on without the survey").isTrue();
        assertThat(groups.codeQuality()).as("the counts go on without the score").isTrue();
        assertThat(loaded.notYetEnforced()).isEmpty();

        AnalyticsSettings.Groups groupsOff = AnalyticsPolicies.of(ConfigurationLoader.load(Files.writeString(
                dir.resolve("groups-off.aurelis.yaml"), """
                organization: { name: "Off", id: "off" }
                analytics:
                  metrics:
                    code_quality_scores: { enabled: false, automated_analysis: true }
                    developer_satisfaction: { enabled: false, survey_integration: true }
                """), Map.of()).config()).groups();
        assertThat(groupsOff.survey()).as("a group switched off takes its flags with it").isFalse();
        assertThat(groupsOff.qualityScore()).isFalse();
    }
}
