package dev.aurelis.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.Fault;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The auto model under the {@code task} strategy (code reviews to review-model, documentation to doc-model, the
 * rest to gpt-4o), aliases, the model list, and how routing shows in the ledger, the health API and the metrics.
 */
class TaskRoutingTests extends RoutingGatewayTestBase {

    private static String auto(String prompt) {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    @Test
    void servesTheAutoModelByTheTaskNamedInTheHeader() {
        String key = newKey("cy@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, auto("Look at this"),
                "x-aurelis-task", "code_review");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(EAST.lastRequest().model()).isEqualTo("review-model");
        assertThat(route(response)).startsWith("strategy=task; task=code_review (header); requested=auto; "
                + "model=review-model; deployment=east/review-model; attempt=1; reason=preference for code_review");
        JsonNode row = meteredOnce(response, 1).getFirst();
        assertThat(row.get("task").asString()).isEqualTo("code_review");
        assertThat(row.get("model_requested").asString()).isEqualTo("auto");
        assertThat(row.get("model_served").asString()).isEqualTo("review-model");
        assertThat(row.get("route").asString()).isEqualTo(route(response));
    }

    @Test
    void infersTheTaskFromTheInstructions() {
        String key = newKey("cy@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key,
                auto("Please add docstrings to every public function in this module"));

        assertThat(WEST.lastRequest().model()).isEqualTo("doc-model");
        assertThat(route(response)).contains("task=documentation (instructions)", "model=doc-model");
        assertThat(meteredOnce(response, 1).getFirst().get("task").asString()).isEqualTo("documentation");
    }

    @Test
    void servesTheAutoModelByThePrimaryWhenNoTaskIsRecognised() {
        String key = newKey("cy@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, auto("hi there"));

        assertThat(EAST.lastRequest().model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(route(response)).contains("task=general (none)", "model=gpt-4o", "reason=primary");
    }

    @Test
    void refusesATaskItDoesNotKnowInTheClientsFormat() {
        String key = newKey("cy@example.com", "engineering");

        HttpResponse<String> response = anthropic(key, message("claude-sonnet-4-5", false), "x-aurelis-task", "poetry");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body());
        assertThat(error.at("/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.at("/error/message").asString()).contains("poetry", "code_generation");
        assertThat(EAST.requestCount() + WEST.requestCount()).isZero();
    }

    @Test
    void takesTheTaskFromRequestMetadataAndKeepsItFromTheProvider() {
        String key = newKey("cy@example.com", "engineering");
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":64,"metadata":{"user_id":"u-17","aurelis_task":"security_analysis"},
                 "messages":[{"role":"user","content":"hello"}]}""";

        HttpResponse<String> response = anthropic(key, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode metadata = EAST.lastRequest().body().get("metadata");
        assertThat(metadata.get("user_id").asString()).isEqualTo("u-17");
        assertThat(metadata.has("aurelis_task")).isFalse();
        assertThat(meteredOnce(response, 1).getFirst().get("task").asString()).isEqualTo("security_analysis");
    }

    @Test
    void recordsFillInTheMiddleCompletionsAsCodeGeneration() {
        String key = newKey("cy@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/completions", key,
                "{\"model\":\"gpt-4o\",\"prompt\":\"def add(a, b):\\n    \",\"suffix\":\"\\n\\nprint(add(1, 2))\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(route(response)).contains("task=code_generation (fill_in_the_middle)");
        assertThat(meteredOnce(response, 1).getFirst().get("task").asString()).isEqualTo("code_generation");
    }

    @Test
    void servesAnAliasByItsDeploymentsInOrder() {
        String key = newKey("cy@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("team-coder", false));

        assertThat(WEST.requestCount()).isEqualTo(1);
        assertThat(route(response)).contains("strategy=alias", "deployment=west/gpt-4o",
                "reason=alias of 2 deployments, priority");
        JsonNode row = meteredOnce(response, 1).getFirst();
        assertThat(row.get("model_requested").asString()).isEqualTo("team-coder");
        assertThat(row.get("model_served").asString()).isEqualTo("gpt-4o");
    }

    @Test
    void listsAliasesAndTheAutoModelButNoModelTheResidencyExcludes() {
        String key = newKey("cy@example.com", "engineering");

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/models"))
                .header("authorization", "Bearer " + key).GET().build());

        List<String> ids = new ArrayList<>();
        json(response.body()).get("data").forEach(model -> ids.add(model.get("id").asString()));
        assertThat(ids).contains("auto", "team-coder", "gpt-4o", "claude-sonnet-4-5", "local-coder")
                .doesNotContain("eu-model").doesNotHaveDuplicates();
    }

    @Test
    void letsATeamUseTheAutoModelOnlyWithinItsAllowList() {
        String key = newKey("dee@example.com", "gpt-only");

        HttpResponse<String> review = openAi("/v1/chat/completions", key, auto("x"), "x-aurelis-task", "code_review");

        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        assertThat(route(review)).as("review-model is not on the team's list").contains("model=gpt-4o");
    }

    @Test
    void reportsProviderHealthToThoseWhoMayReadTheConfiguration() {
        String key = newKey("cy@example.com", "engineering");
        EAST.failNext(Fault.status(503));
        openAi("/v1/chat/completions", key, chat("lonely", false));
        openAi("/v1/chat/completions", key, chat("gpt-4o", false));

        HttpResponse<String> response = admin("GET", "/api/v1/providers/health", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response.body());
        assertThat(report.get("strategy").asString()).isEqualTo("task");
        JsonNode lonely = deployment(report, "east/lonely");
        assertThat(lonely.get("provider").asString()).isEqualTo("east");
        assertThat(lonely.get("region").asString()).isEqualTo("us-east");
        assertThat(lonely.get("breaker").asString()).isEqualTo("closed");
        assertThat(lonely.get("error_rate").asDouble()).isEqualTo(0.5);
        assertThat(lonely.get("last_error").asString()).contains("503");
        JsonNode gpt = deployment(report, "east/gpt-4o");
        assertThat(gpt.get("state").asString()).isEqualTo("healthy");
        assertThat(gpt.at("/latency_ms/samples").asInt()).isEqualTo(1);
        assertThat(gpt.at("/latency_ms/p50").isNumber()).isTrue();

        HttpResponse<String> developer = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/providers/health"))
                .header("authorization", "Bearer " + key).GET().build());
        assertThat(developer.statusCode()).isEqualTo(403);
    }

    @Test
    void exposesProviderHealthAsPrometheusMetrics() {
        String key = newKey("cy@example.com", "engineering");
        openAi("/v1/chat/completions", key, chat("gpt-4o", false));

        String metrics = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                .header("authorization", "Bearer " + dev.aurelis.testing.TestDatabase.METRICS_TOKEN).GET().build()).body();

        assertThat(metrics).contains("aurelis_routing_deployment_breaker_state{", "deployment=\"east/gpt-4o\"",
                "aurelis_routing_deployment_error_rate{", "aurelis_routing_deployment_latency_seconds{",
                "aurelis_routing_deployment_available{", "aurelis_routing_attempts_total{");
    }

    @Test
    void groupsUsageByTask() {
        String key = newKey("cy@example.com", "engineering");
        openAi("/v1/chat/completions", key, auto("Review my PR please"));

        HttpResponse<String> usage = admin("GET", "/api/v1/usage?group_by=task&user=cy@example.com", null);

        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        List<String> tasks = new ArrayList<>();
        json(usage.body()).get("groups").forEach(group -> tasks.add(group.at("/key/task").asString()));
        assertThat(tasks).contains("code_review");
    }

    private static JsonNode deployment(JsonNode report, String key) {
        for (JsonNode deployment : report.get("deployments")) {
            if (deployment.get("deployment").asString().equals(key)) {
                return deployment;
            }
        }
        throw new AssertionError("no deployment " + key + " in " + report);
    }
}
