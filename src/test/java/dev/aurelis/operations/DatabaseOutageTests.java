package dev.aurelis.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12: with its PostgreSQL hung (the postmaster stopped by SIGSTOP: it accepts no new connection) and then
 * stopped, a server stays alive for its liveness probe, turns not ready within the documented 5 s, answers its
 * clients promptly (a 503 {@code database_unavailable} in the caller's format when a call needs the database), and is
 * ready again once a hung database resumes. This server runs its own embedded PostgreSQL, not the test suite's
 * shared one, since the test stops it.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DatabaseOutageTests {

    private static final String ADMIN_KEY = "aur-test-outage-bootstrap-admin-key-0123456789";
    private static final FakeUpstream FAKE = FakeUpstream.start();
    private static final Path DATA_DIR = temporaryDirectory();
    /** Every call must be answered well within this: a hang fails the test by timing out. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration PROMPT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.data-dir", DATA_DIR::toString);
        registry.add("aurelis.db.url", () -> "");
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("aurelis.config", DatabaseOutageTests::configuration);
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Test
    void healthStaysUpReadinessFollowsTheDatabaseAndClientsAreAnsweredPromptly() throws Exception {
        String key = created(call("POST", "/api/v1/keys", ADMIN_KEY,
                "{\"user\":\"dev@example.com\",\"team\":\"engineering\"}"));
        awaitStatus("/ready", Duration.ofSeconds(30), status -> status == 200);
        long postmaster = postmasterPid();

        signal("STOP", postmaster);
        try {
            awaitStatus("/ready", Duration.ofSeconds(5), status -> status == 503);
            HttpResponse<String> health = call("GET", "/health", null, null);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertAnsweredInShape(call("GET", "/api/v1/usage?limit=1", ADMIN_KEY, null));
            assertAnsweredInShape(chat(key));
        } finally {
            signal("CONT", postmaster);
        }
        awaitStatus("/ready", Duration.ofSeconds(30), status -> status == 200);

        signal("INT", postmaster); // a fast shutdown: PostgreSQL ends every session and stops
        awaitStatus("/ready", Duration.ofSeconds(5), status -> status == 503);
        HttpResponse<String> health = call("GET", "/health", null, null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        HttpResponse<String> admin = awaitAnswer("GET", "/api/v1/keys", ADMIN_KEY, status -> status == 503);
        assertThat(GatewayHttp.JSON.readTree(admin.body()).at("/error/type").asString()).isEqualTo("database_unavailable");
        assertThat(admin.headers().firstValue("retry-after")).isPresent();
        HttpResponse<String> scim = call("GET", "/scim/v2/Users", ADMIN_KEY, null);
        assertThat(scim.statusCode()).isEqualTo(503);
        assertThat(GatewayHttp.JSON.readTree(scim.body()).path("schemas").get(0).asString()).endsWith(":Error");

        // the exchange is recorded (through the spill, the database being away) as what its client got
        HttpResponse<String> answered = chat(key);
        assertAnsweredInShape(answered);
        String requestId = answered.headers().firstValue("x-aurelis-request-id").orElseThrow();
        JsonNode spilled = awaitSpilled(requestId);
        assertThat(spilled.get("status").asInt()).isEqualTo(answered.statusCode());
    }

    private static JsonNode awaitSpilled(String requestId) throws IOException {
        Path spill = DATA_DIR.resolve("ledger-spill.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(spill)) {
                for (String line : Files.readAllLines(spill)) {
                    JsonNode record = GatewayHttp.JSON.readTree(line);
                    if (requestId.equals(record.path("requestId").asString())) {
                        return record;
                    }
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError("no spilled usage record of " + requestId);
    }

    /** Any answer in the caller's JSON error shape, or a success: what matters is that it came, promptly. */
    private static void assertAnsweredInShape(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
        if (response.statusCode() == 503) {
            assertThat(GatewayHttp.JSON.readTree(response.body()).at("/error/message").asString()).isNotBlank();
        }
    }

    private HttpResponse<String> chat(String key) {
        return call("POST", "/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private void awaitStatus(String path, Duration bound, IntPredicate expected) {
        long deadline = System.nanoTime() + bound.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = call("GET", path, null, null).statusCode();
            if (expected.test(last)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError(path + " still answered " + last + " after " + bound.toSeconds() + " s");
    }

    /** The pool notices a stopped database at the first call that uses a closed connection: polls a few calls. */
    private HttpResponse<String> awaitAnswer(String method, String path, String key, IntPredicate expected) {
        HttpResponse<String> last = null;
        for (int i = 0; i < 20; i++) {
            last = call(method, path, key, null);
            if (expected.test(last.statusCode())) {
                return last;
            }
        }
        throw new AssertionError(path + " answered " + last.statusCode() + ": " + last.body());
    }

    private HttpResponse<String> call(String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(PROMPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("content-type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError(method + " " + path + " was not answered within " + PROMPT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return GatewayHttp.JSON.readTree(response.body()).path("key").asString();
    }

    private static long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(DATA_DIR.resolve("postgres").resolve("postmaster.pid")).getFirst().strip());
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("aurelis-outage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String configuration() {
        String yaml = """
                organization: { name: "Outage Corp", id: "outage-corp" }
                rbac:
                  user_groups:
                    engineering: { roles: ["developer"] }
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%s/v1"
                    api_key: "sk-upstream-openai"
                    models: ["gpt-4o-mini"]
                """.formatted(FAKE.baseUrl());
        try {
            Path file = Files.createTempFile("aurelis-outage", ".yaml");
            Files.writeString(file, yaml);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
