package dev.aurelis.gateway;

import static dev.aurelis.testing.GatewayHttp.HTTP;
import static dev.aurelis.testing.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.LargeBodies;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.StreamGate;
import dev.aurelis.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A gateway at its own limit refuses more work at once, in the caller's wire format, instead of queueing it; the
 * refusal is the gateway's, so it reaches no provider, costs no provider its health, and the next exchange after
 * the load passes is served as usual. Here the limit of exchanges in flight is one, held by an open stream.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class GatewayOverloadTests {

    private static final String ADMIN_KEY = "aur-test-overload-admin-key-0123456789";
    private static final FakeUpstream FAKE = FakeUpstream.start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void oneExchangeAtATime(DynamicPropertyRegistry registry) {
        String yaml = """
                organization: { name: "Busy Corp", id: "busy-corp", tenant_id: "tenant-busy" }
                routing:
                  retry: { max_retries: 0 }
                gateway: { max_in_flight: 1 }
                rbac:
                  user_groups:
                    engineering: { roles: ["developer"] }
                providers:
                  - { name: fake-openai, type: openai, base_url: "%1$s/v1", api_key: "sk-o", models: ["gpt-4o"] }
                  - { name: fake-anthropic, type: anthropic, base_url: "%1$s", api_key: "sk-a", models: ["claude-sonnet-4-5"] }
                """.formatted(FAKE.baseUrl());
        try {
            Path file = Files.createTempFile("aurelis-overload", ".yaml");
            Files.writeString(file, yaml);
            registry.add("aurelis.config", file::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @BeforeEach
    void resetFake() {
        FAKE.reset();
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private LargeBodies bodies;

    private double exchangesInFlight() {
        return meters.get("aurelis.gateway.exchanges.in_flight").gauge().value();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> openAi(String path, String key, String body) {
        return GatewayHttp.openAi(baseUrl(), path, key, body);
    }

    private HttpResponse<String> anthropic(String path, String key, String body) {
        return GatewayHttp.anthropic(baseUrl(), path, key, body);
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private String newKey(String user, String team) {
        HttpResponse<String> response = admin("POST", "/api/v1/keys", "{\"user\":\"" + user + "\",\"team\":\"" + team + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("key").asString();
    }

    private static final String CHAT = """
            {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";
    private static final String MESSAGES = """
            {"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""";

    @Test
    void refusesWhatIsBeyondItsLimitAtOnceAndServesAgainWhenTheLoadPasses() throws Exception {
        String key = newKey("busy@example.com", "engineering");
        FAKE.reply("alpha beta gamma");
        StreamGate gate = FAKE.holdStreamsAfter(4);
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MESSAGES.replace("\"max_tokens\":16,",
                        "\"max_tokens\":16,\"stream\":true,")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.contains("alpha")) {
                // the stream is open and holds the only place
            }

            HttpResponse<String> openAi = openAi("/v1/chat/completions", key, CHAT);
            assertThat(openAi.statusCode()).isEqualTo(503);
            assertThat(openAi.headers().firstValue("retry-after")).contains("1");
            JsonNode error = json(openAi.body()).path("error");
            assertThat(error.path("code").asString()).isEqualTo("overloaded");
            assertThat(error.path("message").asString()).contains("gateway.max_in_flight");

            HttpResponse<String> anthropic = anthropic("/v1/messages", key, MESSAGES);
            assertThat(anthropic.statusCode()).isEqualTo(529);
            assertThat(json(anthropic.body()).path("error").path("type").asString()).isEqualTo("overloaded_error");
            assertThat(FAKE.requestCount()).as("refusals reach no provider").isEqualTo(1);

            gate.release();
            while ((line = reader.readLine()) != null && !line.contains("message_stop")) {
                // the stream ends
            }
        }

        // The client reads message_stop before the server has settled the exchange and left its place.
        await().atMost(Duration.ofSeconds(10)).until(() -> exchangesInFlight() == 0);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
        // likewise the client has the whole answer a moment before the server leaves the only place
        await().atMost(Duration.ofSeconds(10)).until(() -> exchangesInFlight() == 0);
        assertThat(anthropic("/v1/messages", key, MESSAGES).statusCode()).isEqualTo(200);
        JsonNode health = json(admin("GET", "/api/v1/providers/health", null).body());
        for (JsonNode deployment : health.path("deployments")) {
            assertThat(deployment.path("failures").asLong()).as(deployment.path("deployment").asString()).isZero();
        }
    }

    @Test
    void aRefusedRequestLeavesItsPlace() {
        String key = newKey("busy@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, "{not json");

        assertThat(response.statusCode()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchangesInFlight() == 0);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).as("the refused request left its place")
                .isEqualTo(200);
    }

    /**
     * A refusal at one of the gateway's own limits is counted, not written to the ledger: under overload the error
     * answer would otherwise wait for the commit of a record the backlog delays, so each refusal would be as slow
     * as the overload it answers (ADR 0081). Here the bodies' memory budget is taken, then given back.
     */
    @Test
    void theServerWatchesItsHeapAfterEveryCollection() {
        System.gc(); // the collector reports every collection; this one makes sure there is one
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                meters.get("aurelis.gateway.heap.in_use_after_collection").gauge().value()).isPositive());
    }

    @Test
    void aRefusalAtItsOwnLimitIsCountedNotLedgered() {
        String key = newKey("busy@example.com", "engineering");
        FAKE.reply("alpha beta gamma");
        List<LargeBodies.Permit> held = new ArrayList<>();
        try {
            MockHttpServletRequest large = new MockHttpServletRequest("POST", "/v1/chat/completions"); // fills fast
            large.setContent(new byte[(int) LargeBodies.LARGE_BYTES - 1]);
            MockHttpServletRequest asLarge = new MockHttpServletRequest("POST", "/v1/chat/completions");
            asLarge.setContent(CHAT.getBytes(StandardCharsets.UTF_8));
            for (MockHttpServletRequest request : List.of(large, asLarge)) {
                boolean full = false;
                while (!full) {
                    try {
                        held.add(bodies.admit(request, WireFormat.OPENAI_CHAT));
                    } catch (GatewayError noRoomLeft) {
                        full = true; // no room for one more of these; the last round leaves none for the request
                    }
                }
            }
            double refusedBefore = meters.get("aurelis.gateway.exchanges.refused").tag("limit", "body_memory")
                    .counter().count();

            HttpResponse<String> refused = openAi("/v1/chat/completions", key, CHAT);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(json(refused.body()).path("error").path("code").asString()).isEqualTo("overloaded");
            assertThat(meters.get("aurelis.gateway.exchanges.refused").tag("limit", "body_memory").counter().count())
                    .isEqualTo(refusedBefore + 1);
            held.forEach(LargeBodies.Permit::close);
            held.clear();

            HttpResponse<String> served = openAi("/v1/chat/completions", key, CHAT);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            // the served exchange is on record, so the ledger has taken what came before it
            JsonNode servedRecords = json(admin("GET", "/api/v1/usage?request_id="
                    + served.headers().firstValue("x-aurelis-request-id").orElseThrow(), null).body()).path("records");
            assertThat(servedRecords.size()).isEqualTo(1);
            JsonNode refusedRecords = json(admin("GET", "/api/v1/usage?request_id="
                    + refused.headers().firstValue("x-aurelis-request-id").orElseThrow(), null).body()).path("records");
            assertThat(refusedRecords.size()).as("the refusal is not in the ledger").isZero();
        } finally {
            held.forEach(LargeBodies.Permit::close);
        }
    }
}
