package dev.aurelis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Aurelis in front of the shared fake provider, for spend governance tests; a subclass registers the
 * configuration file ({@code aurelis.config}), see {@link DefaultSpendTestBase}.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class SpendTestBase {

    public static final String ADMIN_KEY = GatewayTestBase.ADMIN_KEY;
    protected static final FakeUpstream FAKE = GatewayTestBase.FAKE;
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void spendProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @BeforeEach
    void resetFake() {
        FAKE.reset();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected String newKey(String user, String team) {
        return newKey("{\"user\":\"" + user + "\",\"team\":\"" + team + "\"}");
    }

    protected String newKey(String requestJson) {
        HttpResponse<String> response = admin("POST", "/api/v1/keys", requestJson);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("key").asString();
    }

    protected HttpResponse<String> admin(String method, String path, String body) {
        return call(ADMIN_KEY, method, path, body);
    }

    /** An admin API call with any key. */
    protected HttpResponse<String> call(String key, String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    protected HttpResponse<String> openAi(String path, String key, String body) {
        return GatewayHttp.openAi(baseUrl(), path, key, body);
    }

    protected HttpResponse<String> anthropic(String path, String key, String body) {
        return GatewayHttp.anthropic(baseUrl(), path, key, body);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        return GatewayHttp.send(request);
    }

    protected JsonNode ledgerRecord(HttpResponse<?> response) {
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        HttpResponse<String> usage = admin("GET", "/api/v1/usage?request_id=" + requestId, null);
        JsonNode records = json(usage.body()).get("records");
        assertThat(records).as("ledger records for " + requestId).hasSize(1);
        return records.get(0);
    }

    protected static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** Writes a configuration file for a test context. */
    protected static Path writeConfig(String yaml) {
        try {
            Path file = Files.createTempFile("aurelis-spend-test", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chat completion request for {@code model}, streamed or not, with an output cap. */
    protected static String chat(String model, boolean stream, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** An Anthropic Messages request. */
    protected static String message(String model, boolean stream, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** Creates (or updates) a budget through the admin API and returns its JSON. */
    protected JsonNode budget(String json) {
        var response = admin("POST", "/api/v1/budgets", json);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new AssertionError("budget not saved: " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** The ledger's total cost of a user's exchanges. */
    protected BigDecimal ledgerCostOfUser(String user) {
        JsonNode usage = json(admin("GET", "/api/v1/usage?limit=0&user=" + user, null).body());
        return new BigDecimal(usage.path("totals").path("cost").asString());
    }

    /** The ledger's total cost of a team's exchanges. */
    protected BigDecimal ledgerCostOfTeam(String team) {
        JsonNode usage = json(admin("GET", "/api/v1/usage?limit=0&team=" + team, null).body());
        return new BigDecimal(usage.path("totals").path("cost").asString());
    }

    /** Waits (bounded) for an asynchronous outcome, such as a threshold crossing written off the hot path. */
    protected static void eventually(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
