package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every gateway call needs {@code models:use} and the permission of the task it serves; refusals come back
 * in the caller's wire format. The per-role outcomes are in AuthorizationMatrixTests.
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
        // a task the table does not know needs what the default task needs
        assertThat(openAi("/v1/chat/completions", reviewer, CHAT, "x-aurelis-task", "refactoring").statusCode()).isEqualTo(403);
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
