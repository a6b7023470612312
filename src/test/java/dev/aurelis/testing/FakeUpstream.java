package dev.aurelis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake model provider for tests: a real HTTP server on {@code 127.0.0.1} (a free port) that answers in the
 * vendors' wire formats, OpenAI ({@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings},
 * {@code /v1/responses}, {@code /v1/models}) and Anthropic ({@code /v1/messages},
 * {@code /v1/messages/count_tokens}), streams included. Streams are chunked responses flushed event by event.
 *
 * <pre>{@code
 * try (FakeUpstream fake = FakeUpstream.start()) {
 *     fake.reply("Hi there").usage(12, 3).cachedTokens(4);
 *     fake.failNext(Fault.status(429).withRetryAfter(Duration.ofSeconds(1)));
 *     // point the code under test at fake.baseUrl() (+ "/v1" for OpenAI clients)
 *     assertThat(fake.lastRequest().header("x-api-key")).isEqualTo("sk-test");
 * }
 * }</pre>
 *
 * <p>Configuration is fluent and thread-safe; each request works on a snapshot taken when it arrives.
 * {@link #reset()} restores the defaults and forgets faults and recorded requests. Usage figures are reported as
 * configured in each vendor's own fields, without conversion between the vendors' conventions (OpenAI counts cached
 * tokens inside {@code prompt_tokens}, Anthropic's {@code input_tokens} excludes cache reads and writes):
 * {@code inputTokens} is {@code prompt_tokens} / {@code input_tokens}, {@code cachedTokens} is
 * {@code cached_tokens} / {@code cache_read_input_tokens}, {@code cacheCreationTokens} is Anthropic's
 * {@code cache_creation_input_tokens} and the Responses API's {@code cache_write_tokens}, {@code reasoningTokens}
 * is OpenAI's {@code reasoning_tokens}.
 */
public final class FakeUpstream implements AutoCloseable {

    public static final String DEFAULT_REPLY = "Hello from the fake upstream.";
    public static final String DEFAULT_MODEL = "fake-model";
    public static final int DEFAULT_INPUT_TOKENS = 10;
    public static final int DEFAULT_OUTPUT_TOKENS = 6;
    public static final int DEFAULT_EMBEDDING_DIMENSIONS = 8;

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<ArmedFault> faults = new ArrayList<>();
    /** The client side of every connection a request came in on: how many connections callers opened. */
    private final java.util.Set<java.net.InetSocketAddress> connections = new java.util.HashSet<>();

    // configuration, guarded by this
    private String reply;
    private final java.util.Map<String, String> repliesByModel = new java.util.HashMap<>();
    private String toolName;
    private String toolArguments;
    private int inputTokens;
    private int outputTokens;
    private int cachedTokens;
    private int reasoningTokens;
    private int cacheCreationTokens;
    private String servedModel;
    private List<String> models;
    private int embeddingDimensions;
    private Duration streamEventDelay;
    private volatile StreamGate gate;
    private boolean honourOutputCap;
    private String rawChatUsage;
    private String authHeader;
    private String authValue;

    private static final class ArmedFault {
        final Fault fault;
        int remaining; // < 0: always

        ArmedFault(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private FakeUpstream(javax.net.ssl.SSLContext tls) throws IOException {
        defaults();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake on {@code 127.0.0.1} and a free port. */
    public static FakeUpstream start() {
        try {
            return new FakeUpstream(null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake upstream", e);
        }
    }

    /** Starts a fake that speaks HTTPS with the certificate of {@code tls} ({@link TestCertificates.Pair#serverContext()}). */
    public static FakeUpstream startHttps(javax.net.ssl.SSLContext tls) {
        try {
            return new FakeUpstream(java.util.Objects.requireNonNull(tls));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake upstream", e);
        }
    }

    /** {@code http://127.0.0.1:PORT} (https for {@link #startHttps}), without a trailing slash; OpenAI paths are under {@code /v1}. */
    public String baseUrl() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@link #baseUrl()} plus {@code path} (which starts with a slash). */
    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    // ---------------------------------------------------------------- configuration

    /** The text of the replies to requests for {@code model} (as sent upstream), instead of {@link #reply}'s. */
    public synchronized FakeUpstream replyFor(String model, String text) {
        repliesByModel.put(Objects.requireNonNull(model), Objects.requireNonNull(text));
        return this;
    }

    /** The text of every reply (split into several deltas when streamed). */
    public synchronized FakeUpstream reply(String text) {
        this.reply = Objects.requireNonNull(text);
        return this;
    }

    /**
     * Answer requests that offer {@code tools} with a call of {@code name} with these JSON arguments (an object)
     * instead of text. Requests without tools still get the text reply.
     */
    public synchronized FakeUpstream toolCall(String name, String argumentsJson) {
        JsonNode parsed = JSON.readTree(argumentsJson);
        if (!parsed.isObject()) {
            throw new IllegalArgumentException("tool arguments must be a JSON object: " + argumentsJson);
        }
        this.toolName = Objects.requireNonNull(name);
        this.toolArguments = JSON.writeValueAsString(parsed);
        return this;
    }

    /** Forget the scripted tool call: answer with text. */
    public synchronized FakeUpstream noToolCall() {
        this.toolName = null;
        this.toolArguments = null;
        return this;
    }

    /** The input and output token counts reported. */
    public synchronized FakeUpstream usage(int input, int output) {
        this.inputTokens = nonNegative(input);
        this.outputTokens = nonNegative(output);
        return this;
    }

    public synchronized FakeUpstream inputTokens(int tokens) {
        this.inputTokens = nonNegative(tokens);
        return this;
    }

    public synchronized FakeUpstream outputTokens(int tokens) {
        this.outputTokens = nonNegative(tokens);
        return this;
    }

    /** OpenAI {@code cached_tokens}, Anthropic {@code cache_read_input_tokens}. */
    public synchronized FakeUpstream cachedTokens(int tokens) {
        this.cachedTokens = nonNegative(tokens);
        return this;
    }

    /** OpenAI {@code completion_tokens_details.reasoning_tokens} / {@code output_tokens_details.reasoning_tokens}. */
    public synchronized FakeUpstream reasoningTokens(int tokens) {
        this.reasoningTokens = nonNegative(tokens);
        return this;
    }

    /** Anthropic {@code cache_creation_input_tokens}, Responses {@code input_tokens_details.cache_write_tokens}. */
    public synchronized FakeUpstream cacheCreationTokens(int tokens) {
        this.cacheCreationTokens = nonNegative(tokens);
        return this;
    }

    /** The model id put in responses; {@code null} (the default) echoes the requested model. */
    public synchronized FakeUpstream servedModel(String model) {
        this.servedModel = model;
        return this;
    }

    /** The models listed by {@code GET /v1/models} (default: {@value #DEFAULT_MODEL}). */
    public synchronized FakeUpstream models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    /** Length of the embedding vectors when the request has no {@code dimensions}. */
    public synchronized FakeUpstream embeddingDimensions(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1");
        }
        this.embeddingDimensions = dimensions;
        return this;
    }

    /**
     * Report at most the output tokens the request allows ({@code max_tokens}, {@code max_completion_tokens},
     * {@code max_output_tokens}), as real providers do; by default the configured count is reported as it is.
     */
    public synchronized FakeUpstream honourOutputCap() {
        this.honourOutputCap = true;
        return this;
    }

    /** Chat Completions answers carry this usage object verbatim, as a provider that misreports might send it. */
    public synchronized FakeUpstream rawChatUsage(String usageJson) {
        this.rawChatUsage = usageJson;
        return this;
    }

    /** A pause between stream events (default none). */
    /** Holds every stream after {@code events} events until the returned gate is released. */
    public synchronized StreamGate holdStreamsAfter(int events) {
        gate = new StreamGate(events);
        return gate;
    }

    public synchronized FakeUpstream streamEventDelay(Duration delay) {
        this.streamEventDelay = Objects.requireNonNull(delay);
        return this;
    }

    /**
     * Require header {@code name} to equal {@code value} on every request; otherwise answer {@code 401} with the
     * vendor's authentication error.
     */
    public synchronized FakeUpstream requireHeader(String name, String value) {
        this.authHeader = Objects.requireNonNull(name);
        this.authValue = Objects.requireNonNull(value);
        return this;
    }

    /** Require {@code Authorization: Bearer token} (OpenAI). */
    public FakeUpstream requireBearer(String token) {
        return requireHeader("Authorization", "Bearer " + token);
    }

    /** Require {@code x-api-key: key} (Anthropic). */
    public FakeUpstream requireApiKey(String key) {
        return requireHeader("x-api-key", key);
    }

    /** Require nothing (the default). */
    public synchronized FakeUpstream noAuth() {
        this.authHeader = null;
        this.authValue = null;
        return this;
    }

    // ---------------------------------------------------------------- faults

    /** Inject {@code fault} into the next request (to the fault's path, if it has one). */
    public FakeUpstream failNext(Fault fault) {
        return failNext(1, fault);
    }

    /** Inject {@code fault} into the next {@code times} requests. Faults armed earlier are used up first. */
    public synchronized FakeUpstream failNext(int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1");
        }
        faults.add(new ArmedFault(Objects.requireNonNull(fault), times));
        return this;
    }

    /** Inject {@code fault} into every request from now on (after any counted faults armed earlier). */
    public synchronized FakeUpstream failAlways(Fault fault) {
        faults.add(new ArmedFault(Objects.requireNonNull(fault), -1));
        return this;
    }

    public synchronized FakeUpstream clearFaults() {
        faults.clear();
        return this;
    }

    // ---------------------------------------------------------------- recorded requests

    /** Every request received so far, in order of arrival. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests received so far to {@code path}. */
    public synchronized List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** How many TCP connections the requests so far came in on (a client that reuses its connections opens few). */
    public synchronized int connectionCount() {
        return connections.size();
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    public synchronized int requestCount(String path) {
        return (int) requests.stream().filter(r -> r.path().equals(path)).count();
    }

    /** The last request received; fails when there was none. */
    public synchronized RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the fake upstream received no request");
        }
        return requests.getLast();
    }

    /** Waits up to {@code timeout} until at least {@code count} requests have arrived; fails otherwise. */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (requests.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the fake upstream received " + requests.size() + " requests, not "
                            + count + ", within " + timeout);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return List.copyOf(requests);
        }
    }

    public synchronized FakeUpstream clearRequests() {
        connections.clear();
        requests.clear();
        return this;
    }

    /** Restores the default configuration and forgets faults and recorded requests. */
    public synchronized FakeUpstream reset() {
        defaults();
        faults.clear();
        requests.clear();
        connections.clear();
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- handling

    private synchronized void defaults() {
        reply = DEFAULT_REPLY;
        repliesByModel.clear();
        toolName = null;
        toolArguments = null;
        inputTokens = DEFAULT_INPUT_TOKENS;
        outputTokens = DEFAULT_OUTPUT_TOKENS;
        cachedTokens = 0;
        reasoningTokens = 0;
        cacheCreationTokens = 0;
        servedModel = null;
        models = List.of(DEFAULT_MODEL);
        embeddingDimensions = DEFAULT_EMBEDDING_DIMENSIONS;
        streamEventDelay = Duration.ZERO;
        gate = null;
        honourOutputCap = false;
        rawChatUsage = null;
        authHeader = null;
        authValue = null;
    }

    private synchronized Script snapshot(RecordedRequest request) {
        String model = request.model();
        return new Script(model == null ? reply : repliesByModel.getOrDefault(model, reply), toolName, toolArguments,
                inputTokens, outputTokens, cachedTokens, reasoningTokens, cacheCreationTokens, servedModel, models,
                embeddingDimensions, streamEventDelay, authHeader, authValue, rawChatUsage);
    }

    /** Records the request, then takes the configuration snapshot and the fault that applies, if any. */
    private synchronized Call receive(HttpExchange exchange, RecordedRequest request) {
        requests.add(request);
        connections.add(exchange.getRemoteAddress());
        notifyAll();
        Fault fault = null;
        for (Iterator<ArmedFault> it = faults.iterator(); it.hasNext(); ) {
            ArmedFault armed = it.next();
            if (armed.fault.appliesTo(request.path())) {
                fault = armed.fault;
                if (armed.remaining > 0 && --armed.remaining == 0) {
                    it.remove();
                }
                break;
            }
        }
        boolean anthropic = isAnthropic(request.path());
        Script script = snapshot(request);
        if (honourOutputCap) {
            for (String field : List.of("max_tokens", "max_completion_tokens", "max_output_tokens")) {
                JsonNode cap = request.body().path(field);
                if (cap.isIntegralNumber() && cap.asInt() < script.outputTokens()) {
                    script = script.withOutputTokens(cap.asInt());
                }
            }
        }
        return new Call(exchange, request, script, fault, (anthropic ? "req_" : "") + randomId(24), gate);
    }

    private void handle(HttpExchange exchange) throws IOException {
        RecordedRequest request = record(exchange);
        Call call = receive(exchange, request);
        boolean anthropic = isAnthropic(request.path());
        exchange.getResponseHeaders().set(anthropic ? "request-id" : "x-request-id", call.requestId());
        try {
            Fault fault = call.fault();
            if (fault != null) {
                sleep(fault.headerDelay());
                if (fault.dropBeforeResponse()) {
                    throw new SseStream.ConnectionDrop();
                }
                if (fault.status() != 0) {
                    if (fault.retryAfter() != null) {
                        exchange.getResponseHeaders().set("retry-after", fault.retryAfterHeader());
                    }
                    error(call, fault.status(), fault.errorType(), fault.errorMessage());
                    return;
                }
            }
            Script script = call.script();
            if (script.authHeader() != null && !script.authValue().equals(request.header(script.authHeader()))) {
                error(call, 401, null, anthropic ? "invalid x-api-key"
                        : "Incorrect API key provided. You can find your API key in your account settings.");
                return;
            }
            route(call);
        } catch (SseStream.StreamEnded ended) {
            // the stream ended with an error event: finish the chunked body cleanly below
        } catch (SseStream.ConnectionDrop drop) {
            // leaving the handler with an exception makes the server close the connection at once, without
            // ending the response (no terminating chunk)
            throw drop;
        } catch (RuntimeException bug) {
            System.err.println("fake upstream: failed to answer " + request);
            bug.printStackTrace();
            throw bug;
        }
        exchange.close();
    }

    private void route(Call call) {
        String method = call.request().method();
        String path = call.request().path();
        switch (path) {
            case "/v1/chat/completions" -> post(call, () -> OpenAiWire.chatCompletions(call));
            case "/v1/completions" -> post(call, () -> OpenAiWire.completions(call));
            case "/v1/embeddings" -> post(call, () -> OpenAiWire.embeddings(call));
            case "/v1/responses" -> post(call, () -> OpenAiWire.responses(call));
            case "/v1/messages" -> post(call, () -> AnthropicWire.messages(call));
            case "/v1/messages/count_tokens" -> post(call, () -> AnthropicWire.countTokens(call));
            case "/v1/models" -> {
                if (method.equals("GET")) {
                    OpenAiWire.models(call);
                } else {
                    error(call, 405, null, "Method " + method + " not allowed for " + path);
                }
            }
            default -> {
                if (method.equals("GET") && path.startsWith("/v1/models/")) {
                    OpenAiWire.model(call, path.substring("/v1/models/".length()));
                } else {
                    error(call, 404, null, "Invalid URL (" + method + " " + path + ")");
                }
            }
        }
    }

    private void post(Call call, Runnable answer) {
        if (!call.request().method().equals("POST")) {
            error(call, 405, null, "Method " + call.request().method() + " not allowed for "
                    + call.request().path());
        } else if (!call.body().isObject()) {
            error(call, 400, null, "The request body is not a JSON object.");
        } else {
            answer.run();
        }
    }

    /** Answers {@code status} with the vendor's error body (Anthropic under {@code /v1/messages}, else OpenAI). */
    static void error(Call call, int status, String type, String message) {
        if (isAnthropic(call.request().path())) {
            call.json(status, AnthropicWire.error(status, type, message, call.requestId()));
        } else {
            call.json(status, OpenAiWire.error(status, type, message));
        }
    }

    private static RecordedRequest record(HttpExchange exchange) throws IOException {
        String text;
        try (InputStream in = exchange.getRequestBody()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode body;
        try {
            body = text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
        } catch (JacksonException notJson) {
            body = MissingNode.getInstance();
        }
        URI uri = exchange.getRequestURI();
        return new RecordedRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                exchange.getRequestHeaders(), text, body);
    }

    static boolean isAnthropic(String path) {
        return path.equals("/v1/messages") || path.startsWith("/v1/messages/");
    }

    // ---------------------------------------------------------------- helpers

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static String json(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    static String randomId(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(length);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** Splits a reply into several stream deltas: word by word, a single word in two halves. */
    static List<String> textDeltas(String text) {
        List<String> parts = new ArrayList<>();
        var words = java.util.regex.Pattern.compile("\\S+\\s*|\\s+").matcher(text);
        while (words.find()) {
            parts.add(words.group());
        }
        if (parts.size() == 1 && text.length() > 1) {
            int half = text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2);
            return List.of(text.substring(0, half), text.substring(half));
        }
        return parts;
    }

    /** Splits tool-call arguments into pieces of a few characters, as the vendors stream them. */
    static List<String> argumentDeltas(String arguments) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < arguments.length(); i += 8) {
            parts.add(arguments.substring(i, Math.min(arguments.length(), i + 8)));
        }
        return parts;
    }

    /** Sleeps {@code duration} (nothing when null or zero); an interrupt (the fake closing) drops the connection. */
    static void sleep(Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SseStream.ConnectionDrop();
        }
    }

    private static int nonNegative(int tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        return tokens;
    }
}
