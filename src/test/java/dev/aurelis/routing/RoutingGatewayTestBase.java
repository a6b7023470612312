package dev.aurelis.routing;

import dev.aurelis.testing.GatewayHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Aurelis in front of two fake providers, {@link #EAST} and {@link #WEST}, each speaking OpenAI and
 * Anthropic: gpt-4o and claude-sonnet-4-5 are deployed on both (east first), with small breakers, fast retries and
 * a clock tests can move. Every test starts with healthy deployments and faultless fakes. All routing test classes
 * share this one server.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
@Import(RoutingGatewayTestBase.Clock.class)
abstract class RoutingGatewayTestBase {

    static final String ADMIN_KEY = "aur-test-routing-admin-key-0123456789abcdef";
    static final FakeUpstream EAST = FakeUpstream.start();
    static final FakeUpstream WEST = FakeUpstream.start();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Prices per million tokens (input, output) the configuration declares. */
    static final Map<String, BigDecimal[]> PRICES = Map.of(
            "gpt-4o", new BigDecimal[] {new BigDecimal("2.50"), new BigDecimal("10.00")},
            "claude-sonnet-4-5", new BigDecimal[] {new BigDecimal("3.00"), new BigDecimal("15.00")},
            "small-context", new BigDecimal[] {new BigDecimal("0.10"), new BigDecimal("0.40")},
            "large-context", new BigDecimal[] {new BigDecimal("1.00"), new BigDecimal("4.00")});

    private static final Path CONFIG = writeConfig();

    @LocalServerPort
    int port;

    @Autowired
    Router router;

    @Autowired
    MovableClock clock;

    @TestConfiguration(proxyBeanMethods = false)
    static class Clock {
        @Bean
        MovableClock routingClock() {
            return MovableClock.running();
        }
    }

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("aurelis.gateway.keep-alive-interval", () -> "1s");
    }

    @BeforeEach
    void startHealthy() {
        EAST.reset();
        WEST.reset();
        router.forgetHealth();
    }

    private static Path writeConfig() {
        String yaml = """
                organization: { name: "Routing Corp", id: "routing-corp", tenant_id: "tenant-routing" }
                security:
                  data_residency: "US"
                models:
                  routing_strategy: task
                  primary: gpt-4o
                  fallback: claude-sonnet-4-5
                  timeout: 5
                  preferences:
                    code_review: review-model
                    documentation: doc-model
                gateway:
                  first_byte_timeout: 2
                routing:
                  aliases:
                    team-coder:
                      balance: priority
                      deployments:
                        - { provider: west, model: gpt-4o }
                        - { provider: east, model: gpt-4o }
                  fallbacks:
                    lonely: []
                    eu-model: []
                  retry: { max_retries: 1, backoff: 1ms, max_backoff: 2ms, max_retry_after: 0s }
                  circuit_breaker: { failure_rate: 0.5, minimum_calls: 2, window: 4, cooldown: 30s, half_open_calls: 1 }
                rbac:
                  user_groups:
                    engineering: { roles: ["developer"] }
                    gpt-only: { roles: ["developer"], models: ["gpt-4o"] }
                providers:
                  - name: east
                    type: openai
                    base_url: "%1$s/v1"
                    region: us-east
                    timeout: 2
                    models:
                      - { name: gpt-4o, id: gpt-4o-2024-08-06 }
                      - { name: small-context, context_window: 8000 }
                      - lonely
                      - review-model
                  - name: west
                    type: openai
                    base_url: "%2$s/v1"
                    region: us-west
                    models:
                      - { name: gpt-4o, id: gpt-4o-2024-08-06 }
                      - { name: large-context, context_window: 200000 }
                      - doc-model
                  - name: east-claude
                    type: anthropic
                    base_url: "%1$s"
                    region: us
                    timeout: 2
                    models: [ { name: claude-sonnet-4-5, id: claude-sonnet-4-5-20250929 } ]
                  - name: west-claude
                    type: anthropic
                    base_url: "%2$s"
                    region: us
                    models: [ { name: claude-sonnet-4-5, id: claude-sonnet-4-5-20250929 } ]
                  - name: eu
                    type: openai_compatible
                    base_url: "%2$s/v1"
                    region: eu-west
                    models: [ eu-model ]
                  - name: local
                    type: openai_compatible
                    base_url: "%2$s/v1"
                    on_premise: true
                    models: [ local-coder ]
                pricing:
                  gpt-4o: { input: 2.50, output: 10.00 }
                  claude-sonnet-4-5: { input: 3.00, output: 15.00 }
                  small-context: { input: 0.10, output: 0.40 }
                  large-context: { input: 1.00, output: 4.00 }
                  lonely: { input: 1, output: 1 }
                  review-model: { input: 1, output: 1 }
                  doc-model: { input: 1, output: 1 }
                  eu-model: { input: 1, output: 1 }
                  local-coder: { input: 0, output: 0 }
                """.formatted(EAST.baseUrl(), WEST.baseUrl());
        try {
            Path file = Files.createTempFile("aurelis-routing-test", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ calls

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String newKey(String user, String team) {
        HttpResponse<String> response = admin("POST", "/api/v1/keys",
                "{\"user\":\"" + user + "\",\"team\":\"" + team + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("key").asString();
    }

    HttpResponse<String> admin(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + ADMIN_KEY)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> openAi(String path, String key, String body, String... headers) {
        return GatewayHttp.openAi(baseUrl(), path, key, body, headers);
    }

    HttpResponse<String> anthropic(String key, String body, String... headers) {
        return GatewayHttp.anthropic(baseUrl(), "/v1/messages", key, body, headers);
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    static String message(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":64,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    HttpResponse<String> send(HttpRequest request) {
        return GatewayHttp.send(request);
    }

    static String route(HttpResponse<?> response) {
        return response.headers().firstValue("x-aurelis-route").orElseThrow(
                () -> new AssertionError("no x-aurelis-route header on " + response));
    }

    // ------------------------------------------------------------------------------------------ the ledger

    /**
     * The ledger rows of an exchange, by attempt, once {@code attempts} are there; checks that it is metered exactly
     * once: attempts numbered 1..n, every one but the last marked retried, each charged its own tokens at its own
     * model's price, and the exchange counted as one request.
     */
    List<JsonNode> meteredOnce(HttpResponse<?> response, int attempts) {
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        List<JsonNode> rows = new ArrayList<>();
        JsonNode[] totals = new JsonNode[1];
        // error answers are recorded without waiting for the commit, so their rows may take a moment to appear
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> usage = admin("GET", "/api/v1/usage?request_id=" + requestId, null);
            assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
            JsonNode body = json(usage.body());
            assertThat(body.get("records")).as("ledger rows of " + requestId).hasSize(attempts);
            rows.clear();
            body.get("records").forEach(rows::add);
            totals[0] = body.get("totals");
        });
        rows.sort(Comparator.comparingInt(row -> row.get("attempt").asInt()));
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertThat(row.get("attempt").asInt()).isEqualTo(i + 1);
            assertThat(row.get("retried").asBoolean()).as("attempt " + (i + 1) + " retried").isEqualTo(i < rows.size() - 1);
            assertThat(row.get("task").asString()).isNotBlank();
            assertThat(row.get("route").asString()).startsWith("strategy=");
            BigDecimal[] price = PRICES.get(row.get("model_served").asString());
            if (price != null) {
                BigDecimal expected = price[0].multiply(BigDecimal.valueOf(row.get("input_tokens").asLong()))
                        .add(price[1].multiply(BigDecimal.valueOf(row.get("output_tokens").asLong())))
                        .divide(BigDecimal.valueOf(1_000_000), 10, RoundingMode.HALF_EVEN);
                assertThat(row.get("cost").decimalValue()).as("cost of attempt " + (i + 1)).isEqualByComparingTo(expected);
            }
        }
        assertThat(totals[0].get("requests").asLong()).as("the exchange counts once").isEqualTo(1);
        assertThat(totals[0].get("retried_attempts").asLong()).isEqualTo(attempts - 1);
        return rows;
    }

    DeploymentStatus health(String deployment) {
        return router.health().stream().filter(s -> s.deployment().equals(deployment)).findFirst().orElseThrow();
    }

    /** The server-sent events of a stream body: pairs of event name (or null) and data. */
    static List<String[]> events(String body) {
        return GatewayHttp.events(body);
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
