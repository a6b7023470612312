package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every gateway call needs {@code models:use} and the permission of the task it serves, the task routing detects
 * (header, metadata or inferred); refusals come back in the caller's wire format. The per-role outcomes are in
 * AuthorizationMatrixTests.
 */
class TaskPermissionTests extends AccessTestBase {

    private static final String MESSAGES = """
            {"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""";

    @Test
    void aReviewerMayReviewButNotGenerate() {
        String reviewer = keyWithRole("reviewer", "matrix");

        HttpResponse<String> generate = openAi("/v1/chat/completions", reviewer, CHAT);
        assertThat(generate.statusCode()).isEqualTo(403);
        JsonNode error = json(generate.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("task_not_allowed");
        assertThat(error.path("message").asString()).contains("code:generate").contains("code_generation");

        assertThat(openAi("/v1/chat/completions", reviewer, CHAT, "x-aurelis-task", "code_review").statusCode()).isEqualTo(200);
        assertThat(openAi("/v1/chat/completions", reviewer, CHAT, "x-aurelis-task", "security_analysis").statusCode()).isEqualTo(200);
        assertThat(openAi("/v1/chat/completions", reviewer, CHAT, "x-aurelis-task", "documentation").statusCode()).isEqualTo(403);
        // a task the permission table does not list needs what the default task needs
        assertThat(openAi("/v1/chat/completions", reviewer, CHAT, "x-aurelis-task", "performance_optimization")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void theTaskRoutingDetectsIsTheTaskWhosePermissionIsChecked() {
        String reviewer = keyWithRole("reviewer", "matrix");
        String review = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Can you review my PR? It adds retry logic to the HTTP client."}]}""";

        HttpResponse<String> inferred = openAi("/v1/chat/completions", reviewer, review);

        assertThat(inferred.statusCode()).as(inferred.body()).isEqualTo(200);
        assertThat(inferred.headers().firstValue("x-aurelis-route").orElseThrow()).contains("task=code_review (instructions)");
        assertThat(ledgerTask(inferred)).isEqualTo("code_review");

        String docs = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Write a README for this project with setup and usage sections"}]}""";
        HttpResponse<String> refused = openAi("/v1/chat/completions", reviewer, docs);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).path("error").path("message").asString())
                .contains("docs:generate", "'documentation'", "inferred");
        assertThat(refused.headers().firstValue("x-aurelis-route").orElseThrow())
                .contains("task=documentation (instructions)", "refused=task_not_allowed");
        assertThat(ledgerTask(refused)).isEqualTo("documentation");
        assertThat(FAKE.requests()).hasSize(1);
    }

    @Test
    void aTaskNamedInTheRequestMetadataDecidesThePermission() {
        String reviewer = keyWithRole("reviewer", "matrix");
        String named = """
                {"model":"claude-sonnet-4-5","max_tokens":16,"metadata":{"aurelis_task":"security_analysis"},
                 "messages":[{"role":"user","content":"hi"}]}""";

        HttpResponse<String> allowed = anthropic("/v1/messages", reviewer, named);

        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(ledgerTask(allowed)).isEqualTo("security_analysis");
        assertThat(anthropic("/v1/messages", reviewer, MESSAGES).statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownTaskNameIsABadRequestNotADefault() {
        String developer = keyWithRole("developer", "matrix");

        HttpResponse<String> bad = openAi("/v1/chat/completions", developer, CHAT, "x-aurelis-task", "refactoring");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).path("error").path("message").asString()).contains("refactoring", "code_review");
        assertThat(FAKE.requests()).isEmpty();
    }

    /** The task the usage ledger recorded for a gateway response (refusals are recorded without awaiting the commit). */
    private String ledgerTask(HttpResponse<String> response) {
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        String[] task = new String[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> usage = admin("GET", "/api/v1/usage?request_id=" + requestId, null);
            assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
            JsonNode records = json(usage.body()).path("records");
            assertThat(records).as(usage.body()).hasSize(1);
            task[0] = records.get(0).path("task").asString();
        });
        return task[0];
    }

    @Test
    void refusalsComeInTheCallersWireFormat() {
        String viewer = keyWithRole("viewer", "matrix");

        HttpResponse<String> anthropicRefusal = anthropic("/v1/messages", viewer, MESSAGES);
        assertThat(anthropicRefusal.statusCode()).isEqualTo(403);
        JsonNode body = json(anthropicRefusal.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("permission_error");
        assertThat(FAKE.requests()).isEmpty();
    }

    @Test
    void aMalformedTaskIsABadRequest() {
        String developer = keyWithRole("developer", "matrix");

        HttpResponse<String> bad = openAi("/v1/chat/completions", developer, CHAT, "x-aurelis-task", "Code Review!");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).path("error").path("message").asString()).contains("x-aurelis-task");
    }

    @Test
    void aCortexStyleRoleGrantsTheAssistant() {
        String cortex = keyWithRole("custom-team-lead", "matrix");

        assertThat(openAi("/v1/chat/completions", cortex, CHAT).statusCode()).isEqualTo(200);
        assertThat(openAi("/v1/chat/completions", cortex, CHAT, "x-aurelis-task", "documentation").statusCode()).isEqualTo(200);
        assertThat(call(cortex, "GET", "/api/v1/roles", null).statusCode()).isEqualTo(200);
        assertThat(call(cortex, "GET", "/api/v1/keys", null).statusCode()).isEqualTo(403);
    }
}
