package dev.aurelis.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.StreamGate;
import dev.aurelis.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shutting a server down (what SIGTERM does: the application context closes) with a stream in flight: readiness
 * turns false at once, a new exchange is refused with a retryable error in the caller's format, the stream
 * already under way is relayed to its end, its usage record is in the ledger, and only then does the server stop.
 */
class GracefulShutdownTests {

    private static final String ADMIN_KEY = "aur-graceful-shutdown-admin-key-0123456789";
    private static final FakeUpstream FAKE = FakeUpstream.start();

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Test
    void aStreamInFlightFinishesAndIsRecordedWhileTheServerRefusesNewExchanges() throws Exception {
        String db = TestDatabase.createDatabase("aurelis_graceful_" + ProcessHandle.current().pid());
        ConfigurableApplicationContext server = start(db, Files.createTempDirectory("aurelis-graceful"),
                "--aurelis.shutdown.drain-timeout=120s");
        String base = "http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort();
        String key = newKey(base);
        assertThat(get(base, "/ready").statusCode()).isEqualTo(200);

        FAKE.reply("alpha beta gamma delta");
        StreamGate gate = FAKE.holdStreamsAfter(4); // after the first token: the client is mid-stream
        HttpResponse<InputStream> stream = GatewayHttp.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"go"}]}"""))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        String requestId = stream.headers().firstValue("x-aurelis-request-id").orElseThrow();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            readUntil(reader, "alpha");

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::close);

            await().atMost(Duration.ofSeconds(30)).until(() -> get(base, "/ready").statusCode() == 503);
            HttpResponse<String> refused = GatewayHttp.openAi(base, "/v1/chat/completions", key, """
                    {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).isPresent();
            assertThat(GatewayHttp.json(refused.body()).at("/error/code").asString()).isEqualTo("shutting_down");
            HttpResponse<String> refusedAnthropic = GatewayHttp.anthropic(base, "/v1/messages", key, """
                    {"model":"claude-sonnet-4-5","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}""");
            assertThat(refusedAnthropic.statusCode()).isEqualTo(529);
            assertThat(GatewayHttp.json(refusedAnthropic.body()).at("/error/type").asString())
                    .isEqualTo("overloaded_error");
            assertThat(shutdown).as("the server waits for the stream in flight").isNotDone();

            gate.release();
            List<String> rest = readUntil(reader, "message_stop");
            assertThat(String.join("\n", rest)).contains("gamma").contains("delta");
            shutdown.get();
        }
        assertThat(server.isActive()).isFalse();

        try (Connection connection = DriverManager.getConnection(db, "postgres", "");
                PreparedStatement query = connection.prepareStatement(
                        "select status, output_tokens, streamed from spend_usage where request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("the stream's usage record is in the ledger").isTrue();
                assertThat(row.getInt("status")).isEqualTo(200);
                assertThat(row.getBoolean("streamed")).isTrue();
                assertThat(row.getInt("output_tokens")).isPositive();
            }
        }
    }

    /** A stream that outlives the drain is cut, and its usage record still kept: in the spill file, for the next start. */
    @Test
    void theDrainIsBoundedByItsTimeout() throws Exception {
        String db = TestDatabase.createDatabase("aurelis_graceful_bound_" + ProcessHandle.current().pid());
        Path dataDir = Files.createTempDirectory("aurelis-graceful");
        ConfigurableApplicationContext server = start(db, dataDir, "--aurelis.shutdown.drain-timeout=1s",
                "--spring.lifecycle.timeout-per-shutdown-phase=1s");
        String base = "http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort();
        String key = newKey(base);
        FAKE.reply("alpha beta gamma delta");
        StreamGate gate = FAKE.holdStreamsAfter(4);
        try {
            HttpResponse<InputStream> stream = GatewayHttp.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                    .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"go"}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            String requestId = stream.headers().firstValue("x-aurelis-request-id").orElseThrow();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                readUntil(reader, "alpha");
                // the provider does not finish while the server closes: the close must still end
                server.close();
                assertThat(server.isActive()).isFalse();
            }
            gate.release();
            Path spill = dataDir.resolve("ledger-spill.jsonl");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(spill) && Files.readString(spill).contains(requestId));
        } finally {
            gate.release();
        }
    }

    private static ConfigurableApplicationContext start(String db, Path dataDir, String... extra) throws Exception {
        Path config = Files.createTempFile("aurelis-graceful", ".yaml");
        Files.writeString(config, """
                organization: { name: "Drain", id: "drain", tenant_id: "tenant-drain" }
                routing:
                  retry: { max_retries: 0 }
                rbac:
                  user_groups:
                    engineering: { roles: ["developer"] }
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "sk-upstream-openai"
                    models: ["gpt-4o-mini"]
                  - name: fake-anthropic
                    type: anthropic
                    base_url: "%1$s"
                    api_key: "sk-upstream-anthropic"
                    models:
                      - { name: "claude-sonnet-4-5", id: "claude-sonnet-4-5-20250929" }
                """.formatted(FAKE.baseUrl()));
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--aurelis.db.url=" + db,
                "--aurelis.db.user=postgres", "--aurelis.db.password=", "--aurelis.db.pool-size=4",
                "--aurelis.data-dir=" + dataDir, "--aurelis.config=" + config,
                "--aurelis.bootstrap-admin-key=" + ADMIN_KEY));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(AurelisApplication.class).run(args.toArray(String[]::new));
    }

    private static String newKey(String base) {
        HttpResponse<String> created = GatewayHttp.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"drain@example.com\",\"team\":\"engineering\"}"))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return GatewayHttp.json(created.body()).get("key").asString();
    }

    private static HttpResponse<String> get(String base, String path) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    private static List<String> readUntil(BufferedReader reader, String marker) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
            if (line.contains(marker)) {
                return lines;
            }
        }
        throw new AssertionError("stream ended before " + marker + ": " + lines);
    }
}
