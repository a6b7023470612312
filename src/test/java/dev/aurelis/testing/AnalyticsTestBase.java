package dev.aurelis.testing;

import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageLedger;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.storage.SystemDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    @Autowired
    protected UsageLedger ledger;

    @Autowired
    @SystemDatabase
    protected DataSource system;

    /**
     * Removes the organisation's ledger records, rollups and analytics data: each test starts from nothing. The
     * rollup job may be folding in the background: with the ledger gone, deleting the grains' state waits for a fold
     * in flight (it holds their rows) and leaves the next fold nothing to fold, so no fact of an earlier test is
     * committed after the facts are deleted.
     */
    protected void forgetAllUsage() {
        JdbcClient owner = JdbcClient.create(system);
        for (String table : List.of("spend_usage", "analytics_rollup_state", "analytics_usage_hourly",
                "analytics_usage_daily", "analytics_dimension", "analytics_user_activity", "analytics_feedback",
                "analytics_survey_response",
                "analytics_roi_assumptions")) {
            owner.sql("delete from " + table + " where tenant_id = ?").param(TENANT).update();
        }
    }

    /** Writes records straight into the ledger, as the gateway would, and waits until they are committed. */
    protected void record(UsageRecord... records) {
        List<CompletableFuture<Void>> committed = new ArrayList<>();
        for (UsageRecord r : records) {
            committed.add(ledger.record(r));
        }
        committed.forEach(CompletableFuture::join);
    }

    /** A served exchange (one attempt) of {@code user} in {@code team} on {@code model}. */
    protected static UsageRecord exchange(Instant at, String user, String team, String model, String cost) {
        return attempt(at, "req-" + UUID.randomUUID(), user, team, model, cost, 200, null, 1, false);
    }

    /** A served exchange that took {@code latencyMs} to answer. */
    protected static UsageRecord timedExchange(Instant at, String user, String team, int latencyMs) {
        return attempt(at, "req-" + UUID.randomUUID(), user, team, "gpt-4o", "0.01", 200, null, 1, false, latencyMs);
    }

    protected static UsageRecord attempt(Instant at, String requestId, String user, String team, String model,
            String cost, int status, String errorType, int attempt, boolean retried) {
        return attempt(at, requestId, user, team, model, cost, status, errorType, attempt, retried, 250);
    }

    private static UsageRecord attempt(Instant at, String requestId, String user, String team, String model,
            String cost, int status, String errorType, int attempt, boolean retried, int latencyMs) {
        String department = switch (team) {
            case "backend" -> "engineering";
            case "infra" -> "platform";
            case "field" -> "sales";
            default -> null;
        };
        boolean priced = cost != null;
        return new UsageRecord(UUID.randomUUID(), TENANT, at, requestId, UUID.nameUUIDFromBytes(user.getBytes()), user,
                UUID.randomUUID(), team, department, null, null, model, model, model,
                model.startsWith("claude") ? "fake-anthropic" : "fake-openai", "/v1/chat/completions", "claude-code",
                false, new TokenUsage(1000, 0, 0, 100, 0), priced ? new BigDecimal(cost) : BigDecimal.ZERO, "USD", priced,
                status, errorType, latencyMs, null, "code_generation", null, attempt, retried);
    }

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
                cost_management:
                  alerts: { dashboard_alerts: true }
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

    /**
     * Waits until every ledger record written so far is older than every transaction still running on the server:
     * the ledger feed holds back what a transaction anywhere on the server (another test context's background work,
     * say) might still precede, so folding right after writing could find nothing yet.
     */
    protected void settled() {
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(system);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(
                jdbc.queryForObject("select not exists (select 1 from spend_usage"
                        + " where commit_xid >= pg_snapshot_xmin(pg_current_snapshot()))", Boolean.class)));
    }
}
