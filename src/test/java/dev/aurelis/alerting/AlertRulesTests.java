package dev.aurelis.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.aurelis.AurelisApplication;
import dev.aurelis.alerting.rules.Baselines;
import dev.aurelis.alerting.rules.Evaluator;
import dev.aurelis.alerting.rules.UsageWindows;
import dev.aurelis.spend.Budget;
import dev.aurelis.spend.BudgetPeriod;
import dev.aurelis.spend.BudgetScope;
import dev.aurelis.spend.BudgetThresholdCrossed;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.SpendGuard;
import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageLedger;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules of both briefs, end to end: usage written to the ledger (as the gateway writes it) or a budget crossing
 * published as spend publishes it, followed by the windows, evaluated at chosen instants, delivered by the outbox to
 * local sinks speaking the vendors' formats and to a real SMTP server. Each rule fires only after its condition held
 * for its duration, notifies each channel once per episode, re-notifies after its interval, and resolves.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class AlertRulesTests {

    static final TenantId TENANT = TenantId.of("tenant-rules");
    static final String ADMIN_KEY = "aur-test-alert-rules-admin-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final HttpSink SLACK = HttpSink.slack();
    static final HttpSink TEAMS = HttpSink.teams();
    static final HttpSink PAGERDUTY = HttpSink.pagerDuty();
    static final HttpSink WEBHOOK = HttpSink.webhook();
    static final GreenMail SMTP = NotificationChannelsTests.startSmtp();

    @Autowired
    UsageLedger ledger;
    @Autowired
    UsageWindows windows;
    @Autowired
    Evaluator evaluator;
    @Autowired
    Baselines baselines;
    @Autowired
    Alerts alerts;
    @Autowired
    Notifications notifications;
    @Autowired
    Budgets budgets;
    @Autowired
    SpendGuard guard;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    TransactionTemplate transactions;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path config = writeConfig();
        registry.add("aurelis.config", config::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("aurelis.alerting.delivery-interval-ms", () -> "100");
        registry.add("aurelis.alerting.retry-base", () -> "200ms");
        // the tests evaluate at instants of their choosing
        registry.add("aurelis.alerting.evaluation-interval-ms", () -> "86400000");
    }

    static Path writeConfig() {
        try {
            Path config = Files.createTempFile("aurelis-alert-rules", ".yaml");
            Files.writeString(config, """
                    organization: { name: "Rules", id: "tenant-rules", tenant_id: "tenant-rules" }
                    analytics: { raw_data_retention_days: 30 }
                    advanced_features: { anomaly_detection: true }
                    cost_management:
                      alerts: { email_enabled: false, slack_enabled: true, teams_enabled: true }
                    alerts:
                      smtp: { host: "127.0.0.1", port: %d, from: "alerts@aurelis.test" }
                      console_url: "https://aurelis.example.com/"
                      channels:
                        slack_ops: { type: slack, url: "%s", channel: "#alerts" }
                        teams_security: { type: teams, url: "%s" }
                        oncall: { type: pagerduty, routing_key: "R0123456789abcdef0123456789abcd", url: "%s" }
                        compliance_hook: { type: webhook, url: "%s", secret: "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0" }
                        email_team: { type: email, recipients: ["team@example.com"] }
                      routes:
                        page_oncall: [oncall]
                        slack_channel: [slack_ops]
                        email_managers: [email_team]
                        slack_finance: [slack_ops]
                        notify_security: [teams_security]
                        notify_compliance: [compliance_hook]
                      rules:
                        - name: high_error_rate
                          condition: "error_rate > 5%%"
                          duration: "5m"
                          severity: critical
                          actions: [page_oncall, slack_channel, email_team]
                          renotify_interval: "1h"
                        - name: budget_threshold_exceeded
                          condition: "monthly_spend > budget * 0.8"
                          duration: "1m"
                          severity: warning
                          actions: [email_managers, slack_finance]
                        - name: unusual_usage_pattern
                          condition: "requests_per_minute > baseline * 3"
                          duration: "10m"
                          severity: warning
                          actions: [investigate_automated, notify_security]
                        - name: compliance_violation
                          condition: "data_retention > policy_limit"
                          duration: "1m"
                          severity: critical
                          actions: [auto_remediate, notify_compliance]
                        - name: cortex_high_error_rate
                          metric: error_rate
                          condition: "> 0.05"
                          duration: "5m"
                          severity: critical
                          group_by: provider
                          notifications:
                            - { type: slack, channel: "#alerts" }
                            - { type: email, recipients: ["ops-team@company.com"] }
                    """.formatted(SMTP.getSmtp().getPort(), SLACK.url("/services/T/B/rules"), TEAMS.url("/teams"),
                    PAGERDUTY.url("/v2/enqueue"), WEBHOOK.url("/hook")));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        List.of(SLACK, TEAMS, PAGERDUTY, WEBHOOK).forEach(HttpSink::close);
        SMTP.stop();
    }

    @BeforeEach
    void clear() throws Exception {
        // an earlier test's notices still in the outbox (a resolve sent after its test ended) must not land in this one
        settle();
        List.of(SLACK, TEAMS, PAGERDUTY, WEBHOOK).forEach(HttpSink::clear);
        SMTP.purgeEmailFromAllMailboxes();
    }

    // ---- usage: the brief's high_error_rate (Aurelis shape) and the Cortex rule on the same signal ----

    @Test
    void highErrorRateFiresAfterFiveMinutesNotifiesOnceRenotifiesAfterItsIntervalAndResolves() throws Exception {
        Instant t0 = nextEpoch();
        // 10 exchanges a minute, 2 failing (20%): pending at once, firing once it has held for 5 minutes
        for (int minute = 0; minute <= 4; minute++) {
            traffic(t0.plus(Duration.ofMinutes(minute)), "platform", "openai", 10, 2);
            evaluate(t0.plus(Duration.ofMinutes(minute)).plusSeconds(30));
        }
        assertThat(alertOf("high_error_rate").state()).isEqualTo(Alert.PENDING);
        traffic(t0.plus(Duration.ofMinutes(5)), "platform", "openai", 10, 2);
        Instant firing = t0.plus(Duration.ofMinutes(5)).plusSeconds(30);
        windows.catchUp(TENANT, firing);
        // two evaluators at the same instant (two replicas): one episode, one notice per channel
        CountDownLatch start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        List<CompletableFuture<Void>> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                evaluator.evaluate(TENANT, firing);
            }, pool));
        }
        start.countDown();
        both.forEach(CompletableFuture::join);
        pool.shutdown();
        Alert fired = alertOf("high_error_rate");
        assertThat(fired.state()).isEqualTo(Alert.FIRING);
        assertThat(fired.summary()).isEqualTo("error_rate is 20% (threshold 5%)");

        JsonNode trigger = awaitOne(PAGERDUTY, "high_error_rate");
        assertThat(trigger.path("event_action").asString()).isEqualTo("trigger");
        assertThat(trigger.path("payload").path("severity").asString()).isEqualTo("critical");
        assertThat(trigger.path("links").get(0).path("href").asString())
                .isEqualTo("https://aurelis.example.com/api/v1/alerts/" + fired.id());
        awaitOne(SLACK, "] high_error_rate\"");
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo("team@example.com") == 1);

        // the Cortex rule (grouped by provider) fired too, to its inline Slack and e-mail notifications
        assertThat(alertOf("cortex_high_error_rate").group()).isEqualTo("provider=openai");
        awaitOne(SLACK, "cortex_high_error_rate (provider=openai)");
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo("ops-team@company.com") == 1);

        // still failing 20 minutes later: nothing new before the 1h re-notify interval
        for (int minute = 6; minute <= 64; minute += 2) {
            traffic(t0.plus(Duration.ofMinutes(minute)), "platform", "openai", 10, 2);
            evaluate(t0.plus(Duration.ofMinutes(minute)).plusSeconds(30));
            if (minute == 26) {
                settle();
                assertThat(matching(PAGERDUTY, "high_error_rate")).hasSize(1);
            }
        }
        // past the interval: one reminder to each channel of high_error_rate
        traffic(t0.plus(Duration.ofMinutes(66)), "platform", "openai", 10, 2);
        evaluate(t0.plus(Duration.ofMinutes(66)).plusSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> matching(PAGERDUTY, "high_error_rate").size() == 2);

        // errors stop: the rate falls under 5% and the episode resolves, once, under the same dedup key
        for (int minute = 67; minute <= 73; minute++) {
            traffic(t0.plus(Duration.ofMinutes(minute)), "platform", "openai", 10, 0);
            evaluate(t0.plus(Duration.ofMinutes(minute)).plusSeconds(30));
        }
        Alert resolved = alerts.find(TENANT, fired.id()).orElseThrow();
        assertThat(resolved.state()).isEqualTo(Alert.RESOLVED);
        await().atMost(Duration.ofSeconds(20)).until(() -> PAGERDUTY.requests().stream()
                .anyMatch(r -> r.body().contains("\"resolve\"")));
        settle();
        List<JsonNode> resolves = PAGERDUTY.requests().stream().map(r -> JSON.readTree(r.body()))
                .filter(n -> n.path("event_action").asString().equals("resolve")).toList();
        assertThat(resolves).hasSize(1);
        assertThat(resolves.getFirst().path("dedup_key").asString()).isEqualTo(trigger.path("dedup_key").asString());
        assertThat(matching(SLACK, "Resolved: high_error_rate\"")).hasSize(1);
        assertThat(matching(SLACK, "] high_error_rate\"")).hasSize(2);
    }

    // ---- budget: monthly_spend > budget * 0.8, and cost_management.alerts keeping e-mail off ----

    @Test
    void aBudgetCrossingFiresAfterAMinuteOnSlackButNotByEmailWhenCostManagementSaysNo() throws Exception {
        Budget budget = budgets.save(new Budget(null, TENANT.value(), BudgetScope.TEAM, "finance-team", null,
                BudgetPeriod.parse("monthly"), new BigDecimal("1000"), null, false, null, Budget.FROM_API));
        String period = guard.state(budget).status().periodKey();
        Instant crossedAt = Instant.now();
        // published as spend publishes it: in the transaction that records the crossing, acting for its tenant
        TenantContext.run(TENANT, () -> transactions.executeWithoutResult(status -> publisher.publishEvent(
                new BudgetThresholdCrossed(UUID.randomUUID(), TENANT.value(), budget.id(), "team", "finance-team",
                        "monthly", period, new BigDecimal("0.8"), new BigDecimal("1000"), new BigDecimal("850"), "USD",
                        "team finance-team", crossedAt))));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.list(TENANT, null, 100).stream()
                .anyMatch(a -> a.rule().equals("budget_threshold_exceeded")));

        evaluator.evaluate(TENANT, crossedAt.plusSeconds(30));
        assertThat(alertOf("budget_threshold_exceeded").state()).isEqualTo(Alert.PENDING);
        evaluator.evaluate(TENANT, crossedAt.plusSeconds(61));
        Alert fired = alertOf("budget_threshold_exceeded");
        assertThat(fired.state()).isEqualTo(Alert.FIRING);
        assertThat(fired.group()).isEqualTo("team=finance-team");
        assertThat(fired.summary()).contains("850.00 of 1000 USD");

        JsonNode slack = awaitOne(SLACK, "budget_threshold_exceeded (team=finance-team)");
        assertThat(slack.path("text").asString()).startsWith("[WARNING] budget_threshold_exceeded");
        evaluator.evaluate(TENANT, crossedAt.plusSeconds(120));
        settle();
        assertThat(matching(SLACK, "budget_threshold_exceeded")).hasSize(1);
        // email_managers is a route of the rule, but cost_management.alerts.email_enabled is false
        assertThat(mailTo("team@example.com")).isZero();
    }

    // ---- anomaly: requests_per_minute > baseline * 3, per team and hour of the week ----

    @Test
    void usageAtThreeTimesATeamsLearnedBaselineFiresAndTheSameUsageWhereItIsNormalDoesNot() throws Exception {
        Instant quiet = nextEpoch().truncatedTo(ChronoUnit.HOURS);
        Instant busy = quiet.plus(Duration.ofHours(3));
        // three weeks of history: 10 requests a minute is normal at the quiet hour, 40 at the busy one
        for (int week = 3; week >= 1; week--) {
            baselines.learn(TENANT, "requests_per_minute", "team=payments", quiet.minus(Duration.ofDays(7L * week)), 10);
            baselines.learn(TENANT, "requests_per_minute", "team=payments", busy.minus(Duration.ofDays(7L * week)), 40);
        }
        baselines.refresh();
        // 40 requests a minute at the quiet hour: 4 × normal once the 5-minute rate is above 30, held 10 minutes
        for (int minute = 0; minute <= 14; minute++) {
            traffic(quiet.plus(Duration.ofMinutes(minute)), "payments", "anthropic", 40, 0);
            evaluate(quiet.plus(Duration.ofMinutes(minute)).plusSeconds(59));
        }
        Alert anomaly = alertOf("unusual_usage_pattern");
        assertThat(anomaly.state()).isEqualTo(Alert.FIRING);
        assertThat(anomaly.group()).isEqualTo("team=payments");
        assertThat(anomaly.summary()).isEqualTo("requests_per_minute is 40 (threshold 30) for team=payments");
        assertThat(anomaly.details().get("top_users").toString()).contains("payments-user@example.com");
        JsonNode card = awaitOne(TEAMS, "unusual_usage_pattern");
        assertThat(card.path("attachments").get(0).path("content").path("type").asString()).isEqualTo("AdaptiveCard");

        // the same 40 requests a minute at the busy hour, where they are normal: no episode at all
        for (int minute = 0; minute <= 12; minute++) {
            traffic(busy.plus(Duration.ofMinutes(minute)), "payments", "anthropic", 40, 0);
            evaluate(busy.plus(Duration.ofMinutes(minute)).plusSeconds(59));
        }
        assertThat(alerts.find(TENANT, anomaly.id()).orElseThrow().state()).isEqualTo(Alert.RESOLVED);
        assertThat(alerts.list(TENANT, null, 100).stream().filter(a -> a.rule().equals("unusual_usage_pattern")))
                .hasSize(1);
    }

    // ---- compliance: data_retention > policy_limit, remediated by running the retention ----

    @Test
    void recordsOlderThanThePolicyFireTheComplianceRuleWhichRemediatesAndResolves() throws Exception {
        Instant now = Instant.now();
        record(exchange(now.minus(Duration.ofDays(45)), "platform", "openai", 500, "legacy@example.com"));
        evaluator.evaluate(TENANT, now);
        assertThat(alertOf("compliance_violation").state()).isEqualTo(Alert.PENDING);
        evaluator.evaluate(TENANT, now.plusSeconds(61));
        Alert fired = alerts.list(TENANT, null, 100).stream().filter(a -> a.rule().equals("compliance_violation"))
                .findFirst().orElseThrow();
        assertThat(fired.state()).isEqualTo(Alert.FIRING);
        assertThat(fired.details().get("remediated").toString()).startsWith("removed 1 usage records");

        JsonNode hook = awaitOne(WEBHOOK, "compliance_violation");
        assertThat(hook.path("type").asString()).isEqualTo("alert.fired");
        assertThat(WEBHOOK.requests().getFirst().header("webhook-signature")).startsWith("v1,");

        evaluator.evaluate(TENANT, now.plusSeconds(130));
        assertThat(alerts.find(TENANT, fired.id()).orElseThrow().state()).isEqualTo(Alert.RESOLVED);
        await().atMost(Duration.ofSeconds(20)).until(() -> matching(WEBHOOK, "alert.resolved").size() == 1);
    }

    // ---- the alert API: acknowledge (PagerDuty hears it), silence, raise by hand ----

    @Test
    void anAlertRaisedByHandIsAcknowledgedThroughTheApiAndPagerDutyHearsIt() throws Exception {
        HttpResponse<String> raised = api("POST", "/api/v1/alerts",
                "{\"summary\":\"Provider outage reported\",\"severity\":\"critical\",\"group\":\"team=platform\","
                        + "\"actions\":[\"page_oncall\"]}");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(201);
        String id = JSON.readTree(raised.body()).path("id").asString();
        JsonNode trigger = awaitOne(PAGERDUTY, "Provider outage reported");

        HttpResponse<String> acked = api("POST", "/api/v1/alerts/" + id + "/acknowledge", "");
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(JSON.readTree(acked.body()).path("acknowledged_by").asString()).isNotBlank();
        await().atMost(Duration.ofSeconds(20)).until(() -> PAGERDUTY.requests().stream()
                .anyMatch(r -> r.body().contains("\"acknowledge\"")));
        JsonNode ack = PAGERDUTY.requests().stream().map(r -> JSON.readTree(r.body()))
                .filter(n -> n.path("event_action").asString().equals("acknowledge")).findFirst().orElseThrow();
        assertThat(ack.path("dedup_key").asString()).isEqualTo(trigger.path("dedup_key").asString());

        HttpResponse<String> listed = api("GET", "/api/v1/alerts?state=firing", null);
        assertThat(listed.body()).contains(id);
        HttpResponse<String> resolved = api("POST", "/api/v1/alerts/" + id + "/resolve", "");
        assertThat(JSON.readTree(resolved.body()).path("state").asString()).isEqualTo("resolved");
        // resolved by hand, PagerDuty closes the incident under the same key
        await().atMost(Duration.ofSeconds(20)).until(() -> PAGERDUTY.requests().stream()
                .anyMatch(r -> r.body().contains("\"resolve\"") && r.body().contains(trigger.path("dedup_key").asString())));
    }

    @Test
    void theAlertApiAnswersBadInputWithClearErrorsAndRaisesNothing() throws Exception {
        for (String body : List.of("{\"summary\":", "{\"severity\":\"critical\"}",
                "{\"summary\":\"x\",\"group\":\"galaxy=far\"}", "[1,2]")) {
            HttpResponse<String> refused = api("POST", "/api/v1/alerts", body);
            assertThat(refused.statusCode()).as(body + " -> " + refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("error").path("message").asString()).as(body).isNotBlank();
        }
        assertThat(api("POST", "/api/v1/alerts/not-a-uuid/acknowledge", "").statusCode()).isEqualTo(400);
        assertThat(api("POST", "/api/v1/alerts/" + UUID.randomUUID() + "/acknowledge", "").statusCode())
                .isEqualTo(404);
        assertThat(api("POST", "/api/v1/alerts/silences", "{\"rule\":\"manual\"}").statusCode()).isEqualTo(400);
        assertThat(api("POST", "/api/v1/alerts/silences", "{\"rule\":\"manual\",\"duration\":\"soon\"}")
                .statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(api("GET", "/api/v1/alerts?state=firing", null).body()).path("alerts").toString())
                .doesNotContain("galaxy");
    }

    @Test
    void aSilencedRuleStillRecordsItsAlertButTellsNobody() throws Exception {
        HttpResponse<String> silenced = api("POST", "/api/v1/alerts/silences",
                "{\"rule\":\"manual\",\"group\":\"team=quiet\",\"duration\":\"2h\",\"reason\":\"maintenance\"}");
        assertThat(silenced.statusCode()).as(silenced.body()).isEqualTo(201);
        HttpResponse<String> raised = api("POST", "/api/v1/alerts",
                "{\"summary\":\"Planned failover\",\"group\":\"team=quiet\",\"actions\":[\"slack_channel\"]}");
        assertThat(raised.statusCode()).isEqualTo(201);
        settle();
        assertThat(matching(SLACK, "Planned failover")).isEmpty();

        HttpResponse<String> bad = api("POST", "/api/v1/alerts/silences", "{\"rule\":\"no_such_rule\",\"duration\":\"1h\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").path("message").asString()).contains("No alert rule 'no_such_rule'");
        String silenceId = JSON.readTree(silenced.body()).path("id").asString();
        assertThat(api("DELETE", "/api/v1/alerts/silences/" + silenceId, null).statusCode()).isEqualTo(204);
    }

    @Test
    void theRulesInForceListBothBriefsShapesAndTheBuiltIns() throws Exception {
        JsonNode rules = JSON.readTree(api("GET", "/api/v1/alerts/rules", null).body()).path("rules");
        List<String> names = new ArrayList<>();
        rules.forEach(r -> names.add(r.path("name").asString()));
        assertThat(names).containsExactly("high_error_rate", "budget_threshold_exceeded", "unusual_usage_pattern",
                "compliance_violation", "cortex_high_error_rate");
        assertThat(rules.get(4).path("condition").asString()).isEqualTo("error_rate > 0.05");
        assertThat(rules.get(4).path("actions").toString()).contains("cortex_high_error_rate#1");
    }

    // ---- helpers ----

    private static final java.util.concurrent.atomic.AtomicInteger EPOCHS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A start for a test's traffic, days after any other test's: the windows hold the most recent minutes, so each
     * test's usage comes after everything earlier tests wrote, whatever order they run in.
     */
    private static Instant nextEpoch() {
        return Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2L + 10L * EPOCHS.getAndIncrement()));
    }

    private void evaluate(Instant at) {
        windows.catchUp(TENANT, at);
        evaluator.evaluate(TENANT, at);
    }

    private void traffic(Instant at, String team, String provider, int requests, int failures) {
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            records.add(new UsageRecord(UUID.randomUUID(), TENANT.value(), at.plusMillis(i), "req-" + UUID.randomUUID(),
                    null, team + "-user@example.com", null, team, "engineering", null, null, "model-a", "model-a",
                    "model-a", provider, "/v1/chat/completions", null, false, new TokenUsage(10, 0, 0, 5, 0),
                    BigDecimal.ZERO, "USD", true, i < failures ? 502 : 200, i < failures ? "upstream_error" : null,
                    100, null, null, null, 1, false));
        }
        record(records.toArray(UsageRecord[]::new));
    }

    private static UsageRecord exchange(Instant at, String team, String provider, int latency, String user) {
        return new UsageRecord(UUID.randomUUID(), TENANT.value(), at, "req-" + UUID.randomUUID(), null, user, null,
                team, null, null, null, "model-a", "model-a", "model-a", provider, "/v1/chat/completions", null, false,
                new TokenUsage(10, 0, 0, 5, 0), BigDecimal.ZERO, "USD", true, 200, null, latency, null, null, null, 1,
                false);
    }

    private void record(UsageRecord... records) {
        List<CompletableFuture<Void>> committed = new ArrayList<>();
        for (UsageRecord r : records) {
            committed.add(ledger.record(r));
        }
        committed.forEach(CompletableFuture::join);
    }

    private Alert alertOf(String rule) {
        return alerts.list(TENANT, null, 200).stream().filter(a -> a.rule().equals(rule)).findFirst().orElseThrow();
    }

    private static List<HttpSink.Request> matching(HttpSink sink, String text) {
        return sink.requests().stream().filter(r -> r.body().contains(text)).toList();
    }

    private static JsonNode awaitOne(HttpSink sink, String text) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !matching(sink, text).isEmpty());
        return JSON.readTree(matching(sink, text).getFirst().body());
    }

    private int mailTo(String address) throws Exception {
        int n = 0;
        for (var message : SMTP.getReceivedMessages()) {
            for (var recipient : message.getAllRecipients()) {
                if (recipient.toString().equals(address)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Waits until the outbox has nothing due, so that what the sinks received is all there is. */
    private void settle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications.recentDeliveries(TENANT, 500).stream()
                .allMatch(d -> d.deliveredAt() != null || d.abandonedAt() != null));
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
