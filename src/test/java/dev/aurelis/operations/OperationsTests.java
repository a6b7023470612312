package dev.aurelis.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OperationsTests extends GatewayTestBase {

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build());
    }

    @Test
    void answersLivenessAndReadinessWithoutCredentials() {
        HttpResponse<String> health = get("/health");
        HttpResponse<String> ready = get("/ready");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void exposesGenAiMetricsInPrometheusFormat() {
        FAKE.usage(42, 7);
        String key = newKey("ops@example.com", "engineering");
        openAi("/v1/chat/completions", key, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                .header("authorization", "Bearer " + TestDatabase.METRICS_TOKEN).build());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("gen_ai_server_request_duration_seconds_count{")
                .contains("gen_ai_client_token_usage_")
                .contains("gen_ai_token_type=\"input\"")
                .contains("gen_ai_request_model=\"gpt-4o-mini\"")
                .contains("aurelis_cost_total{")
                .contains("aurelis_ledger_batch_duration_seconds");
    }

    @Test
    void refusesAScrapeWithoutTheMetricsToken() {
        HttpResponse<String> anonymous = get("/metrics");
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                .header("authorization", "Bearer not-the-token").build());
        HttpResponse<String> adminKey = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                .header("authorization", "Bearer " + ADMIN_KEY).build());
        HttpResponse<String> actuator = get("/management/prometheus");

        for (HttpResponse<String> refused : java.util.List.of(anonymous, wrong, adminKey, actuator)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("www-authenticate").orElse("")).startsWith("Bearer");
            assertThat(refused.body()).doesNotContain("aurelis_cost_total").contains("AURELIS_METRICS_TOKEN");
        }
        assertThat(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/management/prometheus"))
                .header("authorization", "Bearer " + TestDatabase.METRICS_TOKEN).build()).body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void servesTheBuildsSbomToOperatorsOnly() {
        HttpResponse<String> anonymous = get("/api/v1/system/sbom");
        HttpResponse<String> sbom = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/system/sbom"))
                .header("Authorization", "Bearer " + ADMIN_KEY).build());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(sbom.statusCode()).isEqualTo(200);
        assertThat(sbom.headers().firstValue("content-type").orElse("")).startsWith("application/vnd.cyclonedx+json");
        assertThat(sbom.body()).contains("\"bomFormat\" : \"CycloneDX\"").contains("pkg:maven/org.springframework.boot/");
    }
}
