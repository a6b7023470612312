package dev.aurelis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Aurelis server (random port, its own PostgreSQL database) in front of one fake provider that
 * serves an OpenAI-compatible and an Anthropic deployment. Every test class extending this shares the same
 * server, so the fake is reset before each test and tests create the keys they need.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class GatewayTestBase {

    public static final String ADMIN_KEY = "aur-test-bootstrap-admin-key-0123456789";
    public static final String OPENAI_UPSTREAM_KEY = "sk-upstream-openai";
    public static final String ANTHROPIC_UPSTREAM_KEY = "sk-upstream-anthropic";

    protected static final FakeUpstream FAKE = FakeUpstream.start();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Path CONFIG = writeConfig();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @BeforeEach
    void resetFake() {
        FAKE.reset();
    }

    private static Path writeConfig() {
        String yaml = """
                organization:
                  name: "Test Corp"
                  id: "test-corp"
                  tenant_id: "tenant-test"
                models:
                  timeout: 3
                # one attempt per exchange and no memory of failures between tests: these tests inject faults
                # one request at a time and expect to see each one (routing is tested in dev.aurelis.routing)
                routing:
                  retry: { max_retries: 0 }
                  circuit_breaker: { enabled: false }
                gateway:
                  max_body_size: 256KiB
                departments:
                  engineering: { display_name: "Engineering", cost_center: "ENG-000" }
                projects:
                  apollo: { display_name: "Apollo", cost_center: "APOLLO-1" }
                rbac:
                  user_groups:
                    engineering: { roles: ["developer"], cost_center: "ENG-001", department: "engineering" }
                    restricted: { roles: ["developer"], department: "engineering", models: ["gpt-4o-mini"] }
                    watchers: { roles: ["viewer"] }
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "%2$s"
                    models:
                      - { name: "gpt-4o", id: "gpt-4o-2024-08-06" }
                      - "gpt-4o-mini"
                      - { name: "text-embedding-3-small", embeddings: true }
                      - "house-model"
                  - name: fake-chat-only
                    type: openai_compatible
                    base_url: "%1$s/v1"
                    api_key: "sk-upstream-chat-only"
                    models:
                      - { name: "codestral-2501", id: "mistral-ai/Codestral-2501" }
                  - name: fake-anthropic
                    type: anthropic
                    base_url: "%1$s"
                    api_key: "%3$s"
                    models:
                      - { name: "claude-sonnet-4-5", id: "claude-sonnet-4-5-20250929" }
                  - name: unreachable
                    type: openai_compatible
                    base_url: "http://127.0.0.1:9/v1"
                    models: ["dead-model"]
                pricing:
                  gpt-4o-mini: { input: 0.15, output: 0.60, cached_input: 0.075 }
                # JetBrains assistants only: VS Code and Vim assistants are refused (IdeIntegrationTests)
                integrations:
                  ide_integration: { jetbrains_plugin: true }
                """.formatted(FAKE.baseUrl(), OPENAI_UPSTREAM_KEY, ANTHROPIC_UPSTREAM_KEY);
        try {
            Path file = Files.createTempFile("aurelis-test", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Issues a key through the admin API for a user in a team. */
    protected String newKey(String user, String team) {
        return newKey("{\"user\":\"" + user + "\",\"team\":\"" + team + "\"}");
    }

    protected String newKey(String requestJson) {
        HttpResponse<String> response = admin("POST", "/api/v1/keys", requestJson);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("key").asString();
    }

    protected HttpResponse<String> admin(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + ADMIN_KEY)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** An OpenAI-style call: {@code Authorization: Bearer}. */
    protected HttpResponse<String> openAi(String path, String key, String body, String... headers) {
        return GatewayHttp.openAi(baseUrl(), path, key, body, headers);
    }

    /** An Anthropic-style call: {@code x-api-key} and {@code anthropic-version}. */
    protected HttpResponse<String> anthropic(String path, String key, String body, String... headers) {
        return GatewayHttp.anthropic(baseUrl(), path, key, body, headers);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        return GatewayHttp.send(request);
    }

    /** The ledger record of an exchange, looked up by the request id the gateway returned. */
    protected JsonNode ledgerRecord(HttpResponse<?> response) {
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        HttpResponse<String> usage = admin("GET", "/api/v1/usage?request_id=" + requestId, null);
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        JsonNode records = json(usage.body()).get("records");
        assertThat(records).as("ledger records for " + requestId).hasSize(1);
        return records.get(0);
    }

    /** The server-sent events of a stream body: pairs of event name (or null) and data. */
    protected static List<String[]> events(String body) {
        return GatewayHttp.events(body);
    }

    protected static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
