package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.Fault;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.RecordedRequest;
import dev.aurelis.testing.StreamGate;
import dev.aurelis.testing.TestDatabase;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code integrations.monitoring.tracing}: each exchange is a trace exported over OTLP/HTTP to a collector on loopback
 * (protobuf {@code ExportTraceServiceRequest}, as OpenTelemetry's collector takes it): a server span with the pipeline's
 * steps and one client span per provider attempt as children, named and described after the GenAI semantic
 * conventions, continuing the caller's {@code traceparent} and handing the provider its own.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class ExchangeTracesTests {

    private static final String ADMIN_KEY = "aur-test-bootstrap-admin-key-traces-0123456789";
    private static final String UPSTREAM_KEY = "sk-upstream-traced";
    private static final FakeUpstream FAKE = FakeUpstream.start();
    private static final List<Span> SPANS = new CopyOnWriteArrayList<>();
    private static final List<String> EXPORT_HEADERS = new CopyOnWriteArrayList<>();
    private static final HttpServer COLLECTOR = collector();

    @LocalServerPort
    int port;

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/v1/traces", exchange -> {
                ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
                EXPORT_HEADERS.add(exchange.getRequestHeaders().getFirst("x-collector-token"));
                export.getResourceSpansList().forEach(resource -> resource.getScopeSpansList()
                        .forEach(scope -> SPANS.addAll(scope.getSpansList())));
                exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void tracingOn(DynamicPropertyRegistry registry) throws IOException {
        Path file = Files.createTempFile("aurelis-traces", ".yaml");
        Files.writeString(file, """
                organization: { name: "Traced", id: "traced", tenant_id: "tenant-traced" }
                models: { timeout: 3 }
                routing:
                  retry: { max_retries: 1, backoff: 10ms }
                  circuit_breaker: { enabled: false }
                security:
                  pii_detection: true
                rbac:
                  user_groups:
                    platform: { roles: ["developer"] }
                providers:
                  - name: traced-openai
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "%2$s"
                    models: ["gpt-4o-mini"]
                integrations:
                  monitoring:
                    tracing:
                      enabled: true
                      endpoint: "http://127.0.0.1:%3$d/v1/traces"
                      headers: { x-collector-token: "collector-secret" }
                      sampling_ratio: 1.0
                """.formatted(FAKE.baseUrl(), UPSTREAM_KEY, COLLECTOR.getAddress().getPort()));
        registry.add("aurelis.config", file::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        // the batch processor exports every few seconds by default; the test need not wait for that
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
    }

    @AfterAll
    static void stop() {
        COLLECTOR.stop(0);
        FAKE.close();
    }

    @BeforeEach
    void resetFake() {
        FAKE.reset();
    }

    @Test
    void anExchangeIsAServerSpanWithItsStepsAndTheProviderCallAsChildren() {
        String key = newKey("traced@example.com");
        FAKE.usage(12, 7);

        HttpResponse<String> response = GatewayHttp.openAi(baseUrl(), "/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Span server = awaitServerSpan(response);
        assertThat(server.getName()).isEqualTo("chat gpt-4o-mini");
        assertThat(server.getParentSpanId().isEmpty()).as("the exchange is the trace's root: no other server span wraps it")
                .isTrue();
        assertThat(attributes(server)).containsEntry("gen_ai.operation.name", "chat")
                .containsEntry("gen_ai.request.model", "gpt-4o-mini")
                .containsEntry("gen_ai.provider.name", "traced-openai")
                .containsEntry("gen_ai.usage.input_tokens", "12")
                .containsEntry("gen_ai.usage.output_tokens", "7")
                .containsEntry("gen_ai.response.finish_reasons", "[stop]")
                .containsEntry("http.response.status_code", "200")
                .containsEntry("aurelis.tenant", "tenant-traced")
                .containsEntry("aurelis.team", "platform")
                .containsKey("aurelis.key_id")
                .doesNotContainKey("error.type");
        assertThat(attributes(server).get("gen_ai.response.model")).isNotBlank();

        List<Span> children = childrenOf(server);
        assertThat(children).extracting(Span::getName).contains("aurelis.identity", "aurelis.access", "aurelis.privacy",
                "aurelis.budget.reserve", "aurelis.ledger.write");
        assertThat(children).filteredOn(s -> s.getName().startsWith("aurelis."))
                .allSatisfy(s -> assertThat(s.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL));
        List<Span> calls = children.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().getName()).isEqualTo("chat gpt-4o-mini");
        assertThat(attributes(calls.getFirst())).containsEntry("gen_ai.provider.name", "traced-openai")
                .containsEntry("gen_ai.system", "openai")
                .containsEntry("gen_ai.request.model", "gpt-4o-mini")
                .containsEntry("gen_ai.usage.input_tokens", "12")
                .containsEntry("server.address", "127.0.0.1")
                .containsEntry("aurelis.attempt", "1");
        assertThat(attributes(childNamed(server, "aurelis.privacy"))).containsEntry("aurelis.privacy.outcome", "passed");

        RecordedRequest upstream = FAKE.lastRequest();
        String traceparent = upstream.header("traceparent");
        assertThat(traceparent).as("the provider is handed the attempt's span as its parent")
                .startsWith("00-" + hex(server.getTraceId().toByteArray()) + "-" + hex(calls.getFirst().getSpanId().toByteArray())
                        + "-");
        assertThat(HexFormat.fromHexDigits(traceparent.substring(traceparent.lastIndexOf('-') + 1)) & 1)
                .as("sampled").isEqualTo(1);
        assertThat(EXPORT_HEADERS).contains("collector-secret");
    }

    @Test
    void aCallersTraceparentBecomesTheExchangesParent() {
        String key = newKey("continued@example.com");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentId = "00f067aa0ba902b7";

        HttpResponse<String> response = GatewayHttp.openAi(baseUrl(), "/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
                "traceparent", "00-" + traceId + "-" + parentId + "-01");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Span server = awaitServerSpan(response);
        assertThat(hex(server.getTraceId().toByteArray())).isEqualTo(traceId);
        assertThat(hex(server.getParentSpanId().toByteArray())).isEqualTo(parentId);
        assertThat(FAKE.lastRequest().header("traceparent")).as("the caller's own context is not passed on as it came")
                .startsWith("00-" + traceId + "-").doesNotContain(parentId);
    }

    @Test
    void aRetriedAttemptIsAClientSpanOfItsOwnWithItsErrorType() {
        String key = newKey("retried@example.com");
        FAKE.failNext(Fault.status(503));

        HttpResponse<String> response = GatewayHttp.openAi(baseUrl(), "/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Span server = awaitServerSpan(response);
        List<Span> calls = childrenOf(server).stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .sorted((a, b) -> Long.compare(a.getStartTimeUnixNano(), b.getStartTimeUnixNano())).toList();
        assertThat(calls).hasSize(2);
        assertThat(attributes(calls.get(0))).containsEntry("error.type", "upstream_503")
                .containsEntry("http.response.status_code", "503").containsEntry("aurelis.attempt", "1");
        assertThat(calls.get(0).getStatus().getCode()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(attributes(calls.get(1))).doesNotContainKey("error.type").containsEntry("aurelis.attempt", "2");
        assertThat(attributes(server)).doesNotContainKey("error.type").containsEntry("aurelis.attempts", "2");
        assertThat(FAKE.requests()).extracting(r -> r.header("traceparent")).doesNotHaveDuplicates();
    }

    @Test
    void aRefusedExchangeSaysWhyWithoutTheKey() {
        String wrongKey = "aur-not-a-key-of-anyone-0123456789abcdef";

        HttpResponse<String> response = GatewayHttp.openAi(baseUrl(), "/v1/chat/completions", wrongKey,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        assertThat(response.statusCode()).isEqualTo(401);
        Span server = awaitServerSpan(response);
        assertThat(attributes(server)).containsEntry("http.response.status_code", "401").containsKey("error.type");
        Span identity = childNamed(server, "aurelis.identity");
        assertThat(identity.getStatus().getCode()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(traceOf(server)).allSatisfy(span -> assertThat(attributes(span).values())
                .noneMatch(value -> value.contains(wrongKey)));
    }

    @Test
    void noAttributeCarriesThePromptTheAnswerOrAKey() {
        String key = newKey("private@example.com");
        String prompt = "the tangerine ledger of Quixotic Harbour";
        FAKE.reply("a marmalade answer of Zephyrine Bay");

        HttpResponse<String> response = GatewayHttp.openAi(baseUrl(), "/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Span server = awaitServerSpan(response);
        List<Span> trace = traceOf(server);
        assertThat(trace).hasSizeGreaterThan(4);
        assertThat(trace).allSatisfy(span -> {
            assertThat(attributes(span).values()).noneMatch(v -> v.contains("tangerine") || v.contains("Quixotic")
                    || v.contains("marmalade") || v.contains(key) || v.contains(UPSTREAM_KEY));
            span.getEventsList().forEach(event -> assertThat(event.getAttributesList().toString())
                    .doesNotContain("tangerine").doesNotContain("marmalade"));
        });
    }

    @Test
    void aStreamsSpanEndsWhenTheStreamEnds() throws Exception {
        String key = newKey("streamed@example.com");
        FAKE.reply("one two three four");
        StreamGate gate = FAKE.holdStreamsAfter(2);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"go"}]}"""))
                .build();

        HttpResponse<InputStream> response = GatewayHttp.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        Instant held;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).startsWith("data:"); // the stream is under way, its provider held
            held = Instant.now();
            gate.release();
            while (reader.readLine() != null) {
                // read to the end of the stream
            }
        }

        Span server = awaitServerSpan(requestId);
        Span call = childrenOf(server).stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst()
                .orElseThrow();
        long heldNanos = held.getEpochSecond() * 1_000_000_000L + held.getNano();
        assertThat(server.getEndTimeUnixNano()).as("the exchange's span lasts to the stream's end").isGreaterThan(heldNanos);
        assertThat(call.getEndTimeUnixNano()).as("so does the provider call's").isGreaterThan(heldNanos);
        assertThat(attributes(call)).containsEntry("gen_ai.response.finish_reasons", "[stop]");
    }

    // ------------------------------------------------------------------ helpers

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private String newKey(String user) {
        HttpResponse<String> created = GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"team\":\"platform\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return GatewayHttp.json(created.body()).get("key").asString();
    }

    private static Span awaitServerSpan(HttpResponse<?> response) {
        return awaitServerSpan(response.headers().firstValue("x-aurelis-request-id").orElseThrow());
    }

    /** The exchange's server span, once exported, and its children with it (they end before it). */
    private static Span awaitServerSpan(String requestId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> SPANS.stream()
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                        && requestId.equals(attributes(s).get("aurelis.request_id")))
                .findFirst().orElse(null), s -> s != null);
    }

    private static List<Span> traceOf(Span server) {
        return SPANS.stream().filter(s -> s.getTraceId().equals(server.getTraceId())).toList();
    }

    private static List<Span> childrenOf(Span parent) {
        return traceOf(parent).stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).toList();
    }

    private static Span childNamed(Span parent, String name) {
        return childrenOf(parent).stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> attributes(Span span) {
        return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> text(kv.getValue()),
                (a, b) -> b));
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(ExchangeTracesTests::text)
                    .collect(Collectors.joining(",", "[", "]"));
            default -> value.toString();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
