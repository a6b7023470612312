package dev.aurelis.testing;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running Aurelis with every analytics feature on, the organisation in Asia/Kolkata (UTC+05:30, so local days
 * and UTC hours do not line up), a department tree (engineering with platform beneath it, and sales) and teams in
 * each, and the rollup job idle unless a test runs it. Test classes extending this share one server.
 */
public abstract class AnalyticsTestBase extends SpendTestBase {

    public static final String TENANT = "tenant-analytics";
    public static final String ZONE = "Asia/Kolkata";

    private static final Path CONFIG = writeAnalyticsConfig();

    @DynamicPropertySource
    static void analyticsConfig(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        // the job would fold at its own pace; these tests fold when they choose (answers are exact either way)
        registry.add("aurelis.analytics.rollup-interval-ms", () -> "3600000");
    }

    private static Path writeAnalyticsConfig() {
        String yaml = """
                organization:
                  name: "Analytics Corp"
                  id: "analytics-corp"
                  tenant_id: "%4$s"
                  time_zone: "%5$s"
                models:
                  timeout: 5
                departments:
                  engineering: { cost_center: "ENG-000" }
                  platform: { parent: engineering, cost_center: "ENG-100" }
                  sales: { cost_center: "SAL-000" }
                rbac:
                  user_groups:
                    backend: { roles: ["developer"], department: "engineering" }
                    infra: { roles: ["developer"], department: "platform" }
                    field: { roles: ["developer"], department: "sales" }
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "%2$s"
                    models: ["gpt-4o", "gpt-4o-mini", "house-model"]
                  - name: fake-anthropic
                    type: anthropic
                    base_url: "%1$s"
                    api_key: "%3$s"
                    models:
                      - { name: "claude-sonnet-4-5", id: "claude-sonnet-4-5-20250929" }
                pricing:
                  gpt-4o: { input: 2.50, output: 10.00 }
                  gpt-4o-mini: { input: 0.15, output: 0.60 }
                  claude-sonnet-4-5: { input: 3.00, output: 15.00 }
                analytics:
                  enabled: true
                  usage_tracking: true
                  performance_monitoring: true
                  user_behavior_analysis: true
                  executive_reports: true
                  team_insights: true
                  productivity_metrics: true
                  roi_analysis: true
                  raw_data_retention_days: 90
                  aggregated_data_retention_days: 730
                  data_export: true
                  api_access: true
                  dashboard_embedding: true
                advanced_features:
                  predictive_analytics: true
                  trend_analysis: true
                """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY, GatewayTestBase.ANTHROPIC_UPSTREAM_KEY,
                TENANT, ZONE);
        return writeConfig(yaml);
    }
}
