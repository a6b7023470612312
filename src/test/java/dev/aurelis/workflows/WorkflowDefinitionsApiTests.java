package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The workflow definitions through the admin API, read-only: every definition of the configuration file as it was
 * checked at start, with its source, conditions, steps and approvals.
 */
class WorkflowDefinitionsApiTests extends WorkflowsTestBase {

    @Test
    void theDefinitionsOfTheConfigurationFileAreListed() {
        HttpResponse<String> listed = admin("GET", "/api/v1/workflows/definitions", null);

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode definitions = json(listed.body()).path("definitions");
        assertThat(definitions.valueStream().map(d -> d.path("name").asString())).containsExactly(
                "enterprise_code_review", "docs_review", "guarded_release", "gated_release", "hurried_release");
        assertThat(definitions.valueStream().map(d -> d.path("source").asString())).containsOnly("configuration");
        JsonNode brief = definitions.get(0);
        assertThat(brief.path("triggers").valueStream().map(JsonNode::asString)).containsExactly("commit_pushed", "pr_created");
        assertThat(brief.path("steps").valueStream().map(s -> s.path("name").asString() + "=" + s.path("model").asString()))
                .containsExactly("security_scan=gpt-4o", "quality_check=codestral-2501",
                        "documentation_check=cohere-command-r", "generate_summary=gpt-4o-mini");
        assertThat(brief.path("steps").get(0).path("blocking").asBoolean()).isTrue();
        assertThat(brief.path("notifications").valueStream().map(JsonNode::asString)).contains("slack");
    }

    @Test
    void oneDefinitionShowsItsConditionsCustomPromptAndApprovals() {
        JsonNode docs = json(admin("GET", "/api/v1/workflows/definitions/docs_review", null).body());
        assertThat(docs.path("project").asString()).isEqualTo("apollo");
        assertThat(docs.path("conditions").path("paths").get(0).asString()).isEqualTo("docs/**");
        assertThat(docs.path("conditions").path("max_changed_lines").asInt()).isEqualTo(400);
        JsonNode houseStyle = docs.path("steps").get(0);
        assertThat(houseStyle.path("action").asString()).isEqualTo("custom");
        assertThat(houseStyle.path("threshold").asString()).isEqualTo("medium");
        assertThat(houseStyle.path("prompt").asString()).contains("sentence-case headings");

        JsonNode guarded = json(admin("GET", "/api/v1/workflows/definitions/guarded_release", null).body());
        JsonNode signOff = guarded.path("steps").get(1);
        assertThat(signOff.path("action").asString()).isEqualTo("approval");
        assertThat(signOff.path("approvers").valueStream().map(JsonNode::asString))
                .containsExactly("lead@example.com", "role:reviewer", "second@example.com");
        assertThat(signOff.path("approvals").asInt()).isEqualTo(1);
        assertThat(signOff.path("timeout").asString()).isEqualTo("2h");
        assertThat(guarded.path("steps").get(0).hasNonNull("prompt")).as("built-in prompts are not repeated").isFalse();
    }

    @Test
    void anUnknownDefinitionIsNotFound() {
        HttpResponse<String> missing = admin("GET", "/api/v1/workflows/definitions/no_such_workflow", null);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing.body()).path("error").path("message").asString()).contains("no_such_workflow");
    }
}
