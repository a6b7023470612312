package dev.aurelis.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.aurelis.Aurelis;
import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code kill -9} of a server running the embedded PostgreSQL: the next {@code ./aurelis serve} on the same data
 * directory starts, and the ledger holds every exchange that completed before the kill. Twice: once with the
 * PostgreSQL watchdog killed too (the restart must stop the orphaned postmaster itself), once with only the
 * server killed (the watchdog stops PostgreSQL, so it does not outlive its server).
 */
class EmbeddedCrashTests {

    private static final String ADMIN_KEY = "aur-embedded-crash-test-admin-key-0123456789";
    private static final String CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final FakeUpstream FAKE = FakeUpstream.start();

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Test
    void aKilledServerRestartsOnItsDataDirectoryWithEveryCompletedExchangeInTheLedger() throws Exception {
        Path dataDir = Files.createTempDirectory("aurelis-crash");
        Path config = configuration();
        List<String> completed = new ArrayList<>();

        // 1. the server and its watchdog die at once: the postmaster is left running on the directory
        Server server = serve(dataDir, config);
        completed.addAll(exchanges(server, 3));
        ProcessHandle postmaster = postmasterOf(dataDir).orElseThrow();
        ProcessHandle watchdog = server.process().toHandle().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("aurelis-postgres-watchdog")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("the server runs no PostgreSQL watchdog"));
        watchdog.destroyForcibly();
        server.process().toHandle().destroyForcibly();
        server.process().waitFor();
        assertThat(postmaster.isAlive()).as("the orphaned postmaster").isTrue();

        try (ConfigurableApplicationContext restarted = restart(dataDir, config)) {
            assertThat(postmaster.isAlive()).as("the orphan stopped by the restart").isFalse();
            assertThat(ledgerRequestIds(restarted)).containsAll(completed);
            assertThat(system(restarted).sql("show fsync").query(String.class).single()).isEqualTo("on");
        }

        // 2. only the server dies: its watchdog stops PostgreSQL
        server = serve(dataDir, config);
        completed.addAll(exchanges(server, 2));
        postmaster = postmasterOf(dataDir).orElseThrow();
        server.process().toHandle().destroyForcibly();
        server.process().waitFor();
        ProcessHandle stopping = postmaster;
        await("the postmaster to stop after its server was killed", () -> !stopping.isAlive());

        try (ConfigurableApplicationContext restarted = restart(dataDir, config)) {
            assertThat(ledgerRequestIds(restarted)).containsAll(completed).hasSizeGreaterThanOrEqualTo(5);
        }
    }

    /** {@code ./aurelis serve} in a JVM of its own, ready to serve. */
    private static Server serve(Path dataDir, Path config) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Aurelis.class.getName(), "serve",
                "--port", Integer.toString(port), "--config", config.toString(),
                "--aurelis.data-dir=" + dataDir, "--aurelis.db.url=", "--aurelis.bootstrap-admin-key=" + ADMIN_KEY)
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("aurelis-crash-server", ".log").toFile())
                .start();
        String baseUrl = "http://127.0.0.1:" + port;
        await("the server to answer", () -> {
            if (!server.isAlive()) {
                fail("the server exited with " + server.exitValue() + " before it was ready");
            }
            try {
                return admin(baseUrl, "GET", "/api/v1/configuration/status", null).statusCode() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return new Server(server, baseUrl);
    }

    private record Server(Process process, String baseUrl) {
    }

    /** Completed exchanges (200 received): their request ids. */
    private static List<String> exchanges(Server server, int count) {
        String baseUrl = server.baseUrl();
        HttpResponse<String> issued = admin(baseUrl, "POST", "/api/v1/keys",
                "{\"user\":\"crash-" + server.process().pid() + "@example.com\",\"team\":\"engineering\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String key = GatewayHttp.JSON.readTree(issued.body()).path("key").asString();
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = GatewayHttp.openAi(baseUrl, "/v1/chat/completions", key, CHAT);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            requestIds.add(response.headers().firstValue("x-aurelis-request-id").orElseThrow());
        }
        return requestIds;
    }

    private static ConfigurableApplicationContext restart(Path dataDir, Path config) {
        return new SpringApplicationBuilder(AurelisApplication.class).run("--server.port=0",
                "--aurelis.data-dir=" + dataDir, "--aurelis.db.url=", "--aurelis.config=" + config,
                "--aurelis.bootstrap-admin-key=" + ADMIN_KEY);
    }

    private static List<String> ledgerRequestIds(ConfigurableApplicationContext server) {
        return system(server).sql("select request_id from spend_usage").query(String.class).list();
    }

    private static JdbcClient system(ConfigurableApplicationContext server) {
        return JdbcClient.create(server.getBean("systemDataSource", DataSource.class));
    }

    private static Optional<ProcessHandle> postmasterOf(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip()));
    }

    private static Path configuration() throws IOException {
        Path file = Files.createTempFile("aurelis-crash", ".yaml");
        Files.writeString(file, """
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%s/v1"
                    api_key: "sk-upstream"
                    models: ["gpt-4o-mini"]
                pricing:
                  gpt-4o-mini: { input: 0.15, output: 0.60 }
                """.formatted(FAKE.baseUrl()));
        return file;
    }

    private static HttpResponse<String> admin(String baseUrl, String method, String path, String body) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("content-type", "application/json").header("authorization", "Bearer " + ADMIN_KEY)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Polls until {@code condition} holds, failing after {@link #PATIENCE}. */
    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("Gave up waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
