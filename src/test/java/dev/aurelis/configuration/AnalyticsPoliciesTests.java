package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;

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
}
