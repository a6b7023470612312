package dev.aurelis.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.aurelis.AurelisApplication;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.TestDatabase;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every kind of channel receives a notice in its vendor's documented format, through the outbox, over real HTTP and
 * a real SMTP server: Slack (Block Kit), Teams (Adaptive Card), PagerDuty (Events API v2), a Standard Webhooks
 * receiver (the signature checked as a receiver would) and e-mail. A channel that fails is retried until it takes
 * the notice, once, without holding the others back; one that refuses is not retried.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class NotificationChannelsTests {

    static final TenantId TENANT = TenantId.of("tenant-channels");
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a webhook secret of 32 bytes...!".getBytes(StandardCharsets.UTF_8));
    static final String ROUTING_KEY = "R0123456789abcdef0123456789abcd";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final HttpSink SLACK = HttpSink.slack();
    static final HttpSink TEAMS = HttpSink.teams();
    static final HttpSink PAGERDUTY = HttpSink.pagerDuty();
    static final HttpSink WEBHOOK = HttpSink.webhook();
    static final GreenMail SMTP = startSmtp();

    @Autowired
    Notifications notifications;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path config = writeConfig();
        registry.add("aurelis.config", config::toString);
        registry.add("aurelis.alerting.retry-base", () -> "100ms");
        registry.add("aurelis.alerting.delivery-interval-ms", () -> "100");
    }

    static GreenMail startSmtp() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    static Path writeConfig() {
        try {
            Path config = Files.createTempFile("aurelis-channels", ".yaml");
            Files.writeString(config, """
                    organization: { name: "Channels", id: "tenant-channels", tenant_id: "tenant-channels" }
                    alerts:
                      console_url: "https://aurelis.example.com"
                      smtp: { host: "127.0.0.1", port: %d, from: "alerts@aurelis.test" }
                      channels:
                        slack_ops: { type: slack, url: "%s", channel: "#alerts" }
                        teams_ops: { type: teams, url: "%s" }
                        oncall: { type: pagerduty, routing_key: "%s", url: "%s" }
                        hook: { type: webhook, url: "%s", secret: "%s" }
                        email_ops: { type: email, recipients: ["ops@example.com", "oncall@example.com"] }
                      routes:
                        page_oncall: [oncall, slack_ops]
                    """.formatted(SMTP.getSmtp().getPort(), SLACK.url("/services/T000/B000/XXXX"),
                    TEAMS.url("/workflows/teams"), ROUTING_KEY, PAGERDUTY.url("/v2/enqueue"), WEBHOOK.url("/hooks/aurelis"),
                    SECRET));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopSinks() {
        List.of(SLACK, TEAMS, PAGERDUTY, WEBHOOK).forEach(HttpSink::close);
        SMTP.stop();
    }

    @BeforeEach
    void clearSinks() throws Exception {
        List.of(SLACK, TEAMS, PAGERDUTY, WEBHOOK).forEach(HttpSink::clear);
        SMTP.purgeEmailFromAllMailboxes();
    }

    static Notice firing(String key) {
        return new Notice(key, Notice.Kind.FIRING, "critical", "high_error_rate", "Error rate 7.5% > 5% for 5m",
                "https://aurelis.example.com/console/alerts/1", Map.of("rule", "high_error_rate", "team", "payments"));
    }

    static JsonNode only(HttpSink sink) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !sink.requests().isEmpty());
        assertThat(sink.requests()).hasSize(1);
        return JSON.readTree(sink.requests().getFirst().body());
    }

    @Test
    void slackGetsABlockKitMessageWithAFallbackText() {
        notifications.send(TENANT, "slack_ops", firing("k-slack"));

        JsonNode message = only(SLACK);
        assertThat(SLACK.requests().getFirst().path()).isEqualTo("/services/T000/B000/XXXX");
        assertThat(message.path("text").asString()).startsWith("[CRITICAL] high_error_rate");
        JsonNode blocks = message.path("blocks");
        assertThat(blocks.get(0).path("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("type").asString()).isEqualTo("plain_text");
        assertThat(blocks.get(1).path("text").path("type").asString()).isEqualTo("mrkdwn");
        assertThat(blocks.get(2).path("fields").get(0).path("type").asString()).isEqualTo("mrkdwn");
        JsonNode button = blocks.get(3).path("elements").get(0);
        assertThat(button.path("type").asString()).isEqualTo("button");
        assertThat(button.path("url").asString()).isEqualTo("https://aurelis.example.com/console/alerts/1");
    }

    @Test
    void teamsGetsAnAdaptiveCardMessage() {
        notifications.send(TENANT, "teams_ops", firing("k-teams"));

        JsonNode message = only(TEAMS);
        assertThat(message.path("type").asString()).isEqualTo("message");
        JsonNode attachment = message.path("attachments").get(0);
        assertThat(attachment.path("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asString()).isEqualTo("1.4");
        assertThat(card.path("body").get(0).path("type").asString()).isEqualTo("TextBlock");
        assertThat(card.path("body").get(2).path("type").asString()).isEqualTo("FactSet");
        assertThat(card.path("actions").get(0).path("type").asString()).isEqualTo("Action.OpenUrl");
    }

    @Test
    void pagerDutyIsTriggeredAndResolvedUnderOneDedupKey() {
        notifications.send(TENANT, "oncall", firing("aurelis/tenant-channels/high_error_rate/team=payments"));
        JsonNode trigger = only(PAGERDUTY);
        assertThat(trigger.path("routing_key").asString()).isEqualTo(ROUTING_KEY);
        assertThat(trigger.path("event_action").asString()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asString()).isEqualTo("aurelis/tenant-channels/high_error_rate/team=payments");
        JsonNode payload = trigger.path("payload");
        assertThat(payload.path("summary").asString()).isEqualTo("high_error_rate: Error rate 7.5% > 5% for 5m");
        assertThat(payload.path("source").asString()).isEqualTo("aurelis/tenant-channels");
        assertThat(payload.path("severity").asString()).isEqualTo("critical");
        assertThat(payload.path("custom_details").path("team").asString()).isEqualTo("payments");
        assertThat(trigger.path("links").get(0).path("href").asString()).startsWith("https://aurelis.example.com/");

        PAGERDUTY.clear();
        notifications.send(TENANT, "oncall", new Notice("aurelis/tenant-channels/high_error_rate/team=payments",
                Notice.Kind.RESOLVED, "critical", "high_error_rate", "", null, Map.of()));
        JsonNode resolve = only(PAGERDUTY);
        assertThat(resolve.path("event_action").asString()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asString()).isEqualTo("aurelis/tenant-channels/high_error_rate/team=payments");
        assertThat(resolve.has("payload")).isFalse();
    }

    @Test
    void webhookDeliveriesCarryAStandardWebhooksSignatureThatVerifies() throws Exception {
        notifications.send(TENANT, "hook", firing("k-hook"));

        JsonNode body = only(WEBHOOK);
        HttpSink.Request request = WEBHOOK.requests().getFirst();
        assertThat(body.path("type").asString()).isEqualTo("alert.fired");
        assertThat(body.path("data").path("key").asString()).isEqualTo("k-hook");
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(id).startsWith("msg_");
        assertThat(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000)).isLessThan(300);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("webhook-signature").split(" ")).contains(expected);
    }

    @Test
    void emailGoesThroughSmtpWithPlainAndHtmlBodies() throws Exception {
        notifications.send(TENANT, "email_ops", firing("k-mail"));

        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessages().length == 2);
        MimeMessage message = SMTP.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("[CRITICAL] high_error_rate");
        assertThat(message.getFrom()[0].toString()).isEqualTo("alerts@aurelis.test");
        assertThat(List.of(message.getAllRecipients()).stream().map(Object::toString))
                .containsExactlyInAnyOrder("ops@example.com", "oncall@example.com");
        String all = contents(message.getContent());
        assertThat(all).contains("text/plain").contains("text/html").contains("Error rate 7.5% &gt; 5% for 5m")
                .contains("Error rate 7.5% > 5% for 5m");
    }

    private static String contents(Object content) throws Exception {
        if (content instanceof Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                all.append(multipart.getBodyPart(i).getContentType()).append('\n')
                        .append(contents(multipart.getBodyPart(i).getContent())).append('\n');
            }
            return all.toString();
        }
        return String.valueOf(content);
    }

    @Test
    void aFailingChannelIsRetriedUntilItTakesTheNoticeOnceAndDoesNotHoldOthersBack() {
        SLACK.failNext(2, 503);
        UUID slack = notifications.send(TENANT, "slack_ops", firing("k-retry"));
        notifications.send(TENANT, "teams_ops", firing("k-retry"));

        only(TEAMS);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery(slack).deliveredAt() != null);
        assertThat(SLACK.requests()).hasSize(3);
        assertThat(SLACK.requests().stream().map(HttpSink.Request::body).distinct()).hasSize(1);
        assertThat(delivery(slack).attempts()).isEqualTo(3);
    }

    @Test
    void aChannelThatRefusesTheNoticeIsNotAskedAgain() {
        WEBHOOK.failNext(1, 400);
        UUID id = notifications.send(TENANT, "hook", firing("k-refused"));

        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(id).abandonedAt() != null);
        assertThat(delivery(id).lastError()).startsWith("HTTP 400");
        assertThat(WEBHOOK.requests()).hasSize(1);
    }

    @Test
    void aRouteReachesEachOfItsChannelsAndADuplicateKeyIsQueuedOnce() {
        assertThat(notifications.route(TENANT, "page_oncall", firing("k-route"), "episode-1")).hasSize(2);
        assertThat(notifications.route(TENANT, "page_oncall", firing("k-route"), "episode-1")).isEmpty();

        only(PAGERDUTY);
        only(SLACK);
    }

    @Test
    void anUnknownChannelIsAClearError() {
        assertThatThrownBy(() -> notifications.send(TENANT, "nowhere", firing("k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No notification channel 'nowhere'").hasMessageContaining("slack_ops");
    }

    private Delivery delivery(UUID id) {
        return notifications.recentDeliveries(TENANT, 200).stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow();
    }
}
