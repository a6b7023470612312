package dev.aurelis.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outbound webhooks over real HTTP against a local receiver: a key issued through the admin API reaches a
 * subscription as a CloudEvents message whose Standard Webhooks signature verifies; an outage is ridden out with
 * retries that keep the message's id, and the delivery log shows every attempt; a replay sends the same message
 * again; bad input gets a clear 4xx; the secret is stored sealed.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class WebhooksTests {

    static final String ADMIN_KEY = "aur-test-webhooks-bootstrap-admin-key-0123456789";
    static final TenantId TENANT = TenantId.of("tenant-webhooks");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Receiver RECEIVER = new Receiver();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", WebhooksTests::writeConfig);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("aurelis.webhooks.retry-base", () -> "100ms");
        registry.add("aurelis.webhooks.delivery-interval-ms", () -> "100");
    }

    static String writeConfig() {
        try {
            Path config = Files.createTempFile("aurelis-webhooks", ".yaml");
            Files.writeString(config, """
                    organization: { name: "Hooks", id: "tenant-webhooks", tenant_id: "tenant-webhooks" }
                    rbac:
                      user_groups:
                        hooks: {}
                    compliance:
                      right_to_be_forgotten: true
                    """);
            return config.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void anIssuedKeyReachesTheSubscriptionAsASignedCloudEventThroughAnOutage() throws Exception {
        try (Receiver receiver = new Receiver()) {
            outageAndReplay(receiver);
        }
    }

    /** The receiver is this test's alone: the outage it is told to have is seen by this subscription only. */
    private void outageAndReplay(Receiver receiver) throws Exception {
        JsonNode made = ok(201, call("POST", "/api/v1/webhooks", """
                {"url":"%s","event_types":["key.issued"],"description":"key feed"}""".formatted(receiver.url())));
        String secret = made.path("secret").asString();
        String subscription = made.path("subscription").path("id").asString();
        assertThat(secret).startsWith("whsec_");
        receiver.failNext(2, 503);

        String email = "outage-" + System.nanoTime() + "@example.com";
        JsonNode key = ok(201, call("POST", "/api/v1/keys", "{\"user\":\"" + email + "\",\"team\":\"hooks\"}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(subscription).size() == 1);
        List<Receiver.Message> received = receiver.messages().stream().filter(m -> m.body().contains(email)).toList();
        assertThat(received).hasSize(3);
        assertThat(received).extracting(Receiver.Message::id).containsOnly(received.getFirst().id());
        Receiver.Message last = received.getLast();
        assertThat(Receiver.verifies(last, secret)).isTrue();
        assertThat(Receiver.verifies(last, "whsec_" + java.util.Base64.getEncoder()
                .encodeToString("some other secret of 32 bytes...".getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(Math.abs(Long.parseLong(last.timestamp()) - Instant.now().getEpochSecond())).isLessThan(300);
        assertThat(last.contentType()).isEqualTo("application/cloudevents+json");

        JsonNode event = JSON.readTree(last.body());
        assertThat(event.path("specversion").asString()).isEqualTo("1.0");
        assertThat(event.path("type").asString()).isEqualTo("dev.aurelis.key.issued");
        assertThat(event.path("source").asString()).isEqualTo("/aurelis/tenants/tenant-webhooks");
        assertThat(event.path("subject").asString()).isEqualTo("keys/" + key.path("id").asString());
        assertThat(event.path("id").asString()).isNotBlank();
        assertThat(event.path("data").path("user_email").asString()).isEqualTo(email);
        assertThat(event.path("data").has("tenant_id")).isFalse();

        JsonNode delivery = delivered(subscription).getFirst();
        assertThat(delivery.path("message_id").asString()).isEqualTo(last.id());
        assertThat(delivery.path("attempts")).extracting(a -> a.path("status").asInt())
                .containsExactly(503, 503, 204);
        assertThat(delivery.path("attempts")).extracting(a -> a.path("outcome").asString())
                .containsExactly("retry", "retry", "delivered");

        // replay: the same message (id and body) once more, as a delivery of its own
        JsonNode replay = ok(202, call("POST", "/api/v1/webhooks/deliveries/" + delivery.path("id").asString()
                + "/replay", ""));
        assertThat(replay.path("replay_of").asString()).isEqualTo(delivery.path("id").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.messages().stream()
                .filter(m -> m.body().contains(email)).count() == 4);
        Receiver.Message replayed = receiver.messages().stream().filter(m -> m.body().contains(email)).toList().getLast();
        assertThat(replayed.id()).isEqualTo(last.id());
        assertThat(replayed.body()).isEqualTo(last.body());
        assertThat(Receiver.verifies(replayed, secret)).isTrue();
    }

    @Test
    void aSubscriptionHearsOnlyTheTypesItNamesAndAPausedOneNothing() throws Exception {
        JsonNode revoked = ok(201, call("POST", "/api/v1/webhooks", """
                {"url":"%s","event_types":["key.revoked"]}""".formatted(RECEIVER.url())));
        JsonNode paused = ok(201, call("POST", "/api/v1/webhooks", """
                {"url":"%s","event_types":["*"],"enabled":false}""".formatted(RECEIVER.url())));
        JsonNode key = ok(201, call("POST", "/api/v1/keys", "{\"user\":\"types-" + System.nanoTime()
                + "@example.com\",\"team\":\"hooks\"}"));
        ok(204, call("DELETE", "/api/v1/keys/" + key.path("id").asString(), null));

        String subscription = revoked.path("subscription").path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(subscription).size() == 1);
        assertThat(delivered(subscription).getFirst().path("event_type").asString()).isEqualTo("key.revoked");
        assertThat(ok(200, call("GET", "/api/v1/webhooks/" + paused.path("subscription").path("id").asString()
                + "/deliveries", null)).path("deliveries")).isEmpty();
    }

    @Test
    void theSecretIsStoredSealedAndNeverShownAgain() throws Exception {
        String secret = "whsec_" + java.util.Base64.getEncoder()
                .encodeToString("a customer's own 32-byte secret!".getBytes(StandardCharsets.UTF_8));
        JsonNode made = ok(201, call("POST", "/api/v1/webhooks", """
                {"url":"%s","event_types":["alert.fired"],"secret":"%s"}""".formatted(RECEIVER.url(), secret)));
        String id = made.path("subscription").path("id").asString();
        assertThat(made.path("secret").asString()).isEqualTo(secret);
        byte[] stored = TenantContext.call(TENANT, () -> jdbc.sql(
                "select secret_sealed from webhooks_subscription where id = ?::uuid").param(id)
                .query((rs, n) -> rs.getBytes(1)).single());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret)
                .doesNotContain(secret.substring("whsec_".length()));
        assertThat(call("GET", "/api/v1/webhooks/" + id, null).body()).doesNotContain(secret);
        assertThat(call("GET", "/api/v1/webhooks", null).body()).doesNotContain(secret);

        JsonNode rotated = ok(200, call("POST", "/api/v1/webhooks/" + id + "/rotate-secret", ""));
        assertThat(rotated.path("secret").asString()).startsWith("whsec_").isNotEqualTo(secret);
    }

    @Test
    void erasingAPersonPseudonymisesTheMessagesAboutThem() throws Exception {
        JsonNode made = ok(201, call("POST", "/api/v1/webhooks", """
                {"url":"%s","event_types":["key.issued"]}""".formatted(RECEIVER.url())));
        String subscription = made.path("subscription").path("id").asString();
        String email = "erased-" + System.nanoTime() + "@example.com";
        ok(201, call("POST", "/api/v1/keys", "{\"user\":\"" + email + "\",\"team\":\"hooks\"}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(subscription).size() == 1);
        assertThat(bodies(subscription)).anyMatch(b -> b.contains(email));

        JsonNode receipt = ok(201, call("POST", "/api/v1/privacy/erasures", "{\"user\":\"" + email + "\"}"));
        assertThat(receipt.path("stores").toString()).contains("webhooks_delivery");
        assertThat(bodies(subscription)).isNotEmpty().noneMatch(b -> b.contains(email));
    }

    private List<String> bodies(String subscription) {
        return TenantContext.call(TENANT, () -> jdbc.sql(
                "select body from webhooks_delivery where subscription_id = ?::uuid").param(subscription)
                .query((rs, n) -> rs.getString(1)).list());
    }

    @Test
    void badInputIsRefusedWithAClearError() {
        assertError(call("POST", "/api/v1/webhooks", "{\"url\":\"ftp://example.com/x\",\"event_types\":[\"key.issued\"]}"),
                400, "http or https");
        assertError(call("POST", "/api/v1/webhooks", "{\"url\":\"https://example.com/x\",\"event_types\":[\"key.lost\"]}"),
                400, "'key.lost' is not an event type");
        assertError(call("POST", "/api/v1/webhooks", "{\"url\":\"https://example.com/x\"}"), 400, "event_types");
        assertError(call("POST", "/api/v1/webhooks", "{\"url\":\"https://example.com/x\",\"event_types\":[\"*\"],"
                + "\"secret\":\"not-a-secret\"}"), 400, "whsec_");
        assertError(call("POST", "/api/v1/webhooks", "{\"url\":"), 400, "not valid JSON");
        assertError(call("GET", "/api/v1/webhooks/not-a-uuid", null), 400, "not a valid value");
        assertError(call("GET", "/api/v1/webhooks/" + java.util.UUID.randomUUID(), null), 404, "No webhook subscription");
        assertError(call("POST", "/api/v1/webhooks/deliveries/" + java.util.UUID.randomUUID() + "/replay", ""), 404,
                "No webhook delivery");
        assertError(call("GET", "/api/v1/webhooks/" + java.util.UUID.randomUUID() + "/deliveries?limit=0", null), 404,
                "No webhook subscription");
    }

    @Test
    void theEventTypesAreListed() {
        JsonNode types = ok(200, call("GET", "/api/v1/webhooks/event-types", null)).path("event_types");
        assertThat(types).extracting(t -> t.path("name").asString()).containsAll(List.of("key.issued", "key.revoked",
                "budget.threshold_crossed", "alert.fired", "workflow.finished", "privacy.blocked", "user.provisioned"));
    }

    /** This installation leaves advanced_features.graphql_api out: GraphQL is not served, and says why. */
    @Test
    void graphQlIsNotServedUnlessSwitchedOn() {
        HttpResponse<String> graphQl = call("POST", "/graphql", "{\"query\":\"{ teams { name } }\"}");
        assertError(graphQl, 404, "advanced_features.graphql_api: true");
        assertThat(call("GET", "/graphql/schema", null).statusCode()).isEqualTo(404);
    }

    private List<JsonNode> delivered(String subscription) {
        JsonNode deliveries = ok(200, call("GET", "/api/v1/webhooks/" + subscription + "/deliveries", null))
                .path("deliveries");
        return java.util.stream.StreamSupport.stream(deliveries.spliterator(), false)
                .filter(d -> d.path("status").asString().equals("delivered") && d.path("replay_of").isMissingNode())
                .toList();
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asString()).contains(message);
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private HttpResponse<String> call(String method, String path, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
