package dev.aurelis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The training run of the launcher's ahead-of-time cache (ADR 0078): {@code ./aurelis} runs this class under
 * {@code -XX:AOTCacheOutput=…} after a build, and the JVM stores at exit the classes it loaded and linked and the
 * method profiles it gathered, so that the next {@code ./aurelis serve} starts with them instead of learning them
 * again under its first minutes of load.
 *
 * <p>Refreshing the context only (Spring's {@code spring.context.exit=onRefresh}) would leave out the code that
 * matters for warm-up: the web server and the gateway's exchange path never run. So the training starts the whole
 * server on a loopback port, with a throwaway data directory (its own embedded PostgreSQL) and a loopback
 * {@link TrainingProvider}, sends it gateway requests of the four kinds (OpenAI and Anthropic, streamed or not)
 * through every governance step the configuration turns on, then stops it. Nothing leaves the machine, nothing
 * needs to be installed, and the throwaway directory is deleted.
 */
public final class AotTraining {

    /** Requests sent by default: enough for the hot path to be profiled many times over, a few seconds' work. */
    static final int DEFAULT_REQUESTS = 3000;

    private static final int WORKERS = 8;
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private AotTraining() {
    }

    /** {@code AotTraining [REQUESTS]}: exits 0 when every request was answered, 1 otherwise. */
    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_REQUESTS;
        int exitCode;
        try {
            Result result = train(requests);
            System.err.println("aurelis: AOT training: " + result);
            exitCode = result.failed() == 0 ? 0 : 1;
        } catch (Exception e) {
            System.err.println("aurelis: AOT training failed: " + e);
            exitCode = 1;
        }
        // the JVM writes the cache as it exits; the server's own threads would otherwise keep it alive
        System.exit(exitCode);
    }

    /** What the training sent and how it was answered. */
    record Result(int sent, int answered, int failed, String firstFailure) {

        @Override
        public String toString() {
            return sent + " gateway requests, " + answered + " answered" + (failed == 0 ? ""
                    : ", " + failed + " failed (first: " + firstFailure + ")");
        }
    }

    /** Starts a throwaway server against a loopback provider, sends it {@code requests} exchanges, stops it. */
    static Result train(int requests) throws Exception {
        Path work = Files.createTempDirectory("aurelis-aot-training");
        String adminKey = "training-admin-" + UUID.randomUUID();
        try (TrainingProvider provider = TrainingProvider.start()) {
            Path config = work.resolve("aurelis.yaml");
            Files.writeString(config, configuration(provider));
            ConfigurableApplicationContext server = SpringApplication.run(AurelisApplication.class,
                    "--aurelis.config=" + config, "--server.port=0", "--server.address=127.0.0.1",
                    "--aurelis.data-dir=" + work.resolve("data"), "--aurelis.db.url=",
                    "--aurelis.bootstrap-admin-key=" + adminKey);
            try {
                String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
                return exchanges(base, key(base, adminKey), requests);
            } finally {
                server.close();
            }
        } finally {
            delete(work);
        }
    }

    /** The bench's "all governance on" configuration against the training provider (budgets, limits, privacy). */
    static String configuration(TrainingProvider provider) {
        return """
                organization: { name: "Training", id: "training", tenant_id: "training" }
                rbac:
                  user_groups:
                    training: { roles: ["developer"], cost_center: "TRAINING" }
                providers:
                  - name: training-openai
                    type: openai_compatible
                    base_url: "%s"
                    api_key: "training"
                    models: ["training-model"]
                  - name: training-anthropic
                    type: anthropic
                    base_url: "%s"
                    api_key: "training"
                    models: ["training-claude"]
                pricing:
                  training-model: { input: 1.00, output: 2.00 }
                  training-claude: { input: 3.00, output: 15.00 }
                cost_management:
                  enabled: true
                  budgets:
                    organization: { monthly_limit: 100000000 }
                    teams:
                      training: { monthly_limit: 50000000, thresholds: [0.5, 0.8, 1.0], hard_limit: true }
                  user_limits:
                    default_monthly: 10000000
                  rate_limits:
                    per_key: { requests_per_minute: 10000000, tokens_per_minute: 2000000000 }
                    per_user: { requests_per_minute: 10000000 }
                    per_team: { tokens_per_minute: 2000000000 }
                security:
                  pii_detection: true
                """.formatted(provider.openAiBaseUrl(), provider.origin());
    }

    private static String key(String base, String adminKey) throws IOException, InterruptedException {
        HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/keys"))
                .header("authorization", "Bearer " + adminKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"training@example.com\",\"team\":\"training\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher key = KEY.matcher(issued.body());
        if (issued.statusCode() != 201 || !key.find()) {
            throw new IllegalStateException("POST /api/v1/keys answered " + issued.statusCode() + ": " + issued.body());
        }
        return key.group(1);
    }

    private static Result exchanges(String base, String key, int requests) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        String failure = send(base, key, i);
                        if (failure == null) {
                            answered.incrementAndGet();
                        } else {
                            failures.add(failure);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        }
        return new Result(requests, answered.get(), failures.size(), failures.isEmpty() ? null : failures.getFirst());
    }

    /**
     * Request {@code i}: six in ten OpenAI chat completions (what the benchmark's warm-up sends), the rest streamed
     * OpenAI and Anthropic messages, streamed or not. Returns {@code null} when answered with a 200 and a body.
     */
    private static String send(String base, String key, int i) {
        int kind = i % 10;
        boolean anthropic = kind >= 8 || kind == 6;
        boolean stream = kind == 7 || kind == 9;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + (anthropic ? "/v1/messages" : "/v1/chat/completions")))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json");
        if (anthropic) {
            request.header("x-api-key", key).header("anthropic-version", "2023-06-01");
        } else {
            request.header("authorization", "Bearer " + key);
        }
        String body = anthropic ? TrainingRequests.anthropic(i, stream) : TrainingRequests.openAi(i, stream);
        try {
            HttpResponse<String> answer = HTTP.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 && !answer.body().isEmpty()) {
                return null;
            }
            return (anthropic ? "anthropic " : "openai ") + answer.statusCode() + " " + abbreviate(answer.body());
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("aurelis: AOT training could not delete " + directory + ": " + e.getMessage());
        }
    }
}
