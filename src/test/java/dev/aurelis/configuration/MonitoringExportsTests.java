package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.TestDatabase;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code integrations.monitoring}: with {@code datadog} and {@code newrelic} on, the metrics are pushed over OTLP/HTTP
 * (protobuf, delta temporality) to the Datadog Agent's receiver and to New Relic with the license key in
 * {@code api-key}; with {@code grafana} on, the dashboard is published through Grafana's dashboard API. The receivers
 * here take what the vendors' documented endpoints take.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class MonitoringExportsTests {

    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer SINK = sink();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static HttpServer sink() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", exchange -> {
                RECEIVED.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                        exchange.getRequestBody().readAllBytes()));
                byte[] answer = exchange.getRequestURI().getPath().equals("/grafana/api/dashboards/db")
                        ? "{\"id\":1,\"uid\":\"aurelis-overview\",\"url\":\"/d/aurelis-overview/aurelis\",\"status\":\"success\",\"version\":1,\"slug\":\"aurelis\"}"
                                .getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
                exchange.getResponseHeaders().add("content-type", answer.length > 0 ? "application/json"
                        : "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void monitoringOn(DynamicPropertyRegistry registry) throws IOException {
        String sink = "http://127.0.0.1:" + SINK.getAddress().getPort();
        Path file = Files.createTempFile("aurelis-monitoring", ".yaml");
        Files.writeString(file, """
                organization: { name: "Watched", id: "watched", tenant_id: "tenant-watched" }
                integrations:
                  monitoring:
                    prometheus: true
                    grafana: true
                    datadog: true
                    newrelic: true
                    grafana_url: "%1$s/grafana"
                    grafana_token: "glsa_test_token"
                    grafana_folder_uid: "platform"
                    datadog_endpoint: "%1$s/datadog/v1/metrics"
                    newrelic_endpoint: "%1$s/newrelic/v1/metrics"
                    newrelic_license_key: "nr-test-license-key"
                    push_interval: 1s
                """.formatted(sink));
        registry.add("aurelis.config", file::toString);
    }

    @AfterAll
    static void stop() {
        SINK.stop(0);
    }

    @Test
    void theMetricsArePushedToTheDatadogAgentOverOtlp() throws Exception {
        ExportMetricsServiceRequest export = awaitExport("/datadog/v1/metrics");

        ResourceMetrics resource = export.getResourceMetrics(0);
        assertThat(attribute(resource.getResource().getAttributesList(), "service.name")).isEqualTo("aurelis");
        assertThat(attribute(resource.getResource().getAttributesList(), "aurelis.organization")).isEqualTo("tenant-watched");
        List<Metric> metrics = resource.getScopeMetricsList().stream().flatMap(s -> s.getMetricsList().stream()).toList();
        assertThat(metrics).extracting(Metric::getName).contains("aurelis.gateway.exchanges.in_flight");
        assertThat(metrics).filteredOn(Metric::hasSum).allSatisfy(m -> assertThat(m.getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA));
        Received request = RECEIVED.stream().filter(r -> r.path().equals("/datadog/v1/metrics")).findFirst().orElseThrow();
        assertThat(request.header("content-type")).isEqualTo("application/x-protobuf");
        assertThat(request.header("api-key")).as("the Datadog Agent takes no key").isNull();
    }

    @Test
    void theMetricsArePushedToNewRelicWithTheLicenseKey() throws Exception {
        awaitExport("/newrelic/v1/metrics");

        Received request = RECEIVED.stream().filter(r -> r.path().equals("/newrelic/v1/metrics")).findFirst().orElseThrow();
        assertThat(request.header("api-key")).isEqualTo("nr-test-license-key");
    }

    @Test
    void theDashboardIsPublishedToGrafana() {
        Received published = await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.stream()
                .filter(r -> r.path().equals("/grafana/api/dashboards/db")).findFirst().orElse(null), r -> r != null);

        assertThat(published.header("authorization")).isEqualTo("Bearer glsa_test_token");
        JsonNode body = JSON.readTree(published.body());
        assertThat(body.path("dashboard").path("uid").asString()).isEqualTo("aurelis-overview");
        assertThat(body.path("dashboard").path("id").isNull()).isTrue();
        assertThat(body.path("dashboard").path("panels").size()).isPositive();
        assertThat(body.path("folderUid").asString()).isEqualTo("platform");
        assertThat(body.path("overwrite").asBoolean()).isTrue();
    }

    private static ExportMetricsServiceRequest awaitExport(String path) throws Exception {
        Received received = await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.stream()
                .filter(r -> r.path().equals(path) && r.body().length > 0).findFirst().orElse(null), r -> r != null);
        return ExportMetricsServiceRequest.parseFrom(received.body());
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getStringValue())
                .findFirst().orElse(null);
    }
}
