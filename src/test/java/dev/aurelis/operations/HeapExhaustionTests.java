package dev.aurelis.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.aurelis.Aurelis;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: memory exhaustion without a key. A server with the heap the Kubernetes manifest gives it (-Xmx1536m), in
 * a JVM of its own, receives three 400 MB unauthenticated sign-in posts (carrying the anti-CSRF cookie that
 * {@code GET /login} hands out) and two 16 MiB prompts made of one long "word" at once; meanwhile, and after, it
 * answers another client, and it never runs out of memory.
 */
class HeapExhaustionTests {

    private static final String ADMIN_KEY = "aur-heap-exhaustion-test-admin-key-0123456789";
    private static final long HUGE_POST = 400L * 1000 * 1000;
    private static final int ONE_WORD = 16 * 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final FakeUpstream FAKE = FakeUpstream.start();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Test
    void hugeUnauthenticatedPostsAndOneWordPromptsLeaveTheServerAnsweringOthers() throws Exception {
        Path log = Files.createTempFile("aurelis-heap-server", ".log");
        Process server = serve(log);
        try {
            String baseUrl = "http://127.0.0.1:" + port;
            String key = key(baseUrl);
            String xsrf = xsrfCookie(baseUrl);

            List<CompletableFuture<String>> hostile = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                hostile.add(outcome(HttpRequest.newBuilder(URI.create(baseUrl + "/auth/login"))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("cookie", "XSRF-TOKEN=" + xsrf).header("x-xsrf-token", xsrf)
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(HUGE_POST)), HUGE_POST))
                        .build()));
            }
            String word = "a".repeat(ONE_WORD);
            hostile.add(outcome(gateway(baseUrl, "/v1/chat/completions", key,
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + word + "\"}]}")));
            hostile.add(outcome(gateway(baseUrl, "/v1/messages/count_tokens", key,
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + word + "\"}]}")));

            // another client is answered while the hostile requests are under way, and after them
            assertThat(chat(baseUrl, key).statusCode()).isEqualTo(200);
            List<String> outcomes = new ArrayList<>();
            for (CompletableFuture<String> each : hostile) {
                outcomes.add(each.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            // the sign-in posts are refused before their bodies are read (the server may close the connection on
            // the rest of the upload); the one-word prompts are served
            assertThat(outcomes.subList(0, 3)).allSatisfy(o -> assertThat(o).matches("413|connection closed: .*"));
            assertThat(outcomes.subList(3, 5)).containsExactly("200", "200");
            assertThat(chat(baseUrl, key).statusCode()).isEqualTo(200);
            assertThat(server.isAlive()).isTrue();
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private int port;

    /** The status answered, or how the server cut the request off (a refused body may close the connection early). */
    private static CompletableFuture<String> outcome(HttpRequest request) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> Integer.toString(response.statusCode()))
                .exceptionally(failure -> "connection closed: " + failure.getClass().getSimpleName());
    }

    private static HttpRequest gateway(String baseUrl, String path, String key, String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("authorization", "Bearer " + key)
                .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> chat(String baseUrl, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String xsrfCookie(String baseUrl) throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("GET /login set no XSRF-TOKEN cookie"));
    }

    private static String key(String baseUrl) throws Exception {
        HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"heap@example.com\",\"team\":\"engineering\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return GatewayHttp.JSON.readTree(issued.body()).path("key").asString();
    }

    /** {@code ./aurelis serve} in a JVM of its own with the manifest's heap, ready to serve. */
    private Process serve(Path log) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dataDir = Files.createTempDirectory("aurelis-heap");
        Path config = Files.createTempFile("aurelis-heap", ".yaml");
        Files.writeString(config, """
                gateway:
                  max_body_size: 32MiB
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%s/v1"
                    api_key: "sk-upstream"
                    models: ["gpt-4o-mini"]
                """.formatted(FAKE.baseUrl()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx1536m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Aurelis.class.getName(), "serve",
                "--port", Integer.toString(port), "--config", config.toString(),
                "--aurelis.data-dir=" + dataDir, "--aurelis.db.url=", "--aurelis.bootstrap-admin-key=" + ADMIN_KEY)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String baseUrl = "http://127.0.0.1:" + port;
        await("the server to answer", () -> {
            if (!server.isAlive()) {
                fail("the server exited with " + server.exitValue() + " before it was ready");
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/ready")).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException | InterruptedException notYet) {
                return false;
            }
        });
        return server;
    }

    /** Polls until {@code condition} holds, failing after {@link #PATIENCE}. */
    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("Gave up waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** {@code length} bytes of form data ("a=aaaa…") made on the fly, so the test itself holds none of them. */
    private static final class Zeros extends InputStream {

        private long left;

        Zeros(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 'a';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'a');
            left -= n;
            return n;
        }
    }
}
