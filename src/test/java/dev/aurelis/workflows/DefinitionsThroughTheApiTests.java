package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.cli.AurelisCommand;
import dev.aurelis.testing.FakeGitHub;
import dev.aurelis.testing.GatewayHttp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Workflow definitions written through the admin API: checked by the code that checks the configuration file's,
 * versioned so that a change made from a stale version is refused, recorded in the audit trail, and run by the
 * webhook path from memory. The file's definitions stay read-only. Every test deletes what it defines.
 */
class DefinitionsThroughTheApiTests extends WorkflowsTestBase {

    @TempDir
    Path directory;

    private static String definition(String name) {
        return """
                {"name": "%s", "triggers": ["pr_created"], "project": "apollo", "budget": 25,
                 "conditions": {"max_changed_lines": 300},
                 "steps": [{"name": "scan", "action": "analyze_security", "model": "gpt-4o", "blocking": true},
                           {"name": "style", "action": "custom", "model": "gpt-4o-mini", "threshold": "medium",
                            "prompt": "No tabs."}],
                 "notifications": {"slack": true}}""".formatted(name);
    }

    private HttpResponse<String> put(String name, String ifMatch, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/workflows/definitions/" + name))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("if-match", ifMatch);
        }
        return GatewayHttp.send(request.build());
    }

    @Test
    void aDefinitionIsCreatedChangedFromItsVersionAndDeletedAndEachChangeIsAudited() {
        HttpResponse<String> created = admin("POST", "/api/v1/workflows/definitions", definition("api_review"));
        try {
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("etag")).hasValue("\"1\"");
            JsonNode view = json(created.body());
            assertThat(view.path("source").asString()).isEqualTo("api");
            assertThat(view.path("version").asLong()).isEqualTo(1);
            assertThat(view.path("budget").decimalValue()).isEqualByComparingTo("25");
            assertThat(view.path("steps").get(1).path("prompt").asString()).isEqualTo("No tabs.");
            assertThat(view.path("updated_by").asString()).isNotBlank();

            JsonNode listed = json(admin("GET", "/api/v1/workflows/definitions", null).body()).path("definitions");
            assertThat(listed.valueStream().map(d -> d.path("name").asString() + "/" + d.path("source").asString()))
                    .contains("enterprise_code_review/configuration", "api_review/api");

            HttpResponse<String> unversioned = put("api_review", null, definition("api_review"));
            assertThat(unversioned.statusCode()).as(unversioned.body()).isEqualTo(428);
            assertThat(json(unversioned.body()).path("error").path("message").asString()).contains("If-Match: \"1\"");

            HttpResponse<String> changed = put("api_review", "\"1\"", definition("api_review").replace("25", "40"));
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(changed.headers().firstValue("etag")).hasValue("\"2\"");
            assertThat(json(admin("GET", "/api/v1/workflows/definitions/api_review", null).body()).path("budget")
                    .decimalValue()).isEqualByComparingTo("40");

            HttpResponse<String> stale = put("api_review", "\"1\"", definition("api_review").replace("25", "50"));
            assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
            assertThat(json(stale.body()).path("error").path("message").asString())
                    .contains("'api_review' is at version 2, not 1");
            assertThat(json(admin("GET", "/api/v1/workflows/definitions/api_review", null).body()).path("budget")
                    .decimalValue()).as("a stale change changes nothing").isEqualByComparingTo("40");

            HttpResponse<String> again = admin("POST", "/api/v1/workflows/definitions", definition("api_review"));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        } finally {
            HttpResponse<String> deleted = admin("DELETE", "/api/v1/workflows/definitions/api_review", null);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        }
        assertThat(admin("GET", "/api/v1/workflows/definitions/api_review", null).statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/api/v1/workflows/definitions/api_review", null).statusCode()).isEqualTo(404);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode entries = json(admin("GET", "/api/v1/audit?target=workflow:api_review&limit=20", null).body())
                    .path("entries");
            assertThat(entries.valueStream().map(e -> e.path("action").asString())).contains(
                    "workflow.definition_created", "workflow.definition_updated", "workflow.definition_deleted");
        });
    }

    @Test
    void aBadDefinitionIsRefusedNamingTheField() {
        assertProblem("{\"name\": \"bad_one\", \"steps\": [{\"name\": \"scan\", \"action\": \"analyze_quality\"}]}",
                "steps[0].model: must name the model");
        assertProblem("{\"name\": \"bad_one\", \"steps\": [{\"name\": \"scan\", \"action\": \"analyze_quality\", "
                + "\"model\": \"gpt-4o\", \"modle\": \"x\"}]}", "steps[0].modle: is not a known key");
        assertProblem("{\"name\": \"bad_one\", \"steps\": [{\"name\": \"scan\", \"action\": \"analyze_quality\", "
                + "\"model\": \"gpt-4o\", \"threshold\": \"urgent\"}]}", "steps[0].threshold: must be critical, high");
        assertProblem("{\"name\": \"bad_one\", \"steps\": [{\"name\": \"scan\", \"action\": \"review_everything\", "
                + "\"model\": \"gpt-4o\"}]}", "steps[0].action: 'review_everything' is not an action");
        assertProblem("{\"name\": \"bad_one\", \"budget\": -5, \"steps\": [{\"name\": \"scan\", "
                + "\"action\": \"analyze_quality\", \"model\": \"gpt-4o\"}]}", "budget: must be more than 0");
        assertProblem("{\"name\": \"bad_one\", \"repositories\": [\"nobody/nothing\"], \"steps\": [{\"name\": \"scan\", "
                + "\"action\": \"analyze_quality\", \"model\": \"gpt-4o\"}]}", "repositories[0]: 'nobody/nothing'");
        assertProblem("{\"name\": \"Bad One\", \"steps\": [{\"name\": \"scan\", \"action\": \"analyze_quality\", "
                + "\"model\": \"gpt-4o\"}]}", "name: 'Bad One' must be");
        assertProblem("{\"name\": \"bad_one\", \"steps\": []}", "steps: must list at least one step");
        assertProblem("[1, 2]", "must be a mapping");
        assertThat(admin("GET", "/api/v1/workflows/definitions/bad_one", null).statusCode()).isEqualTo(404);
    }

    private void assertProblem(String body, String problem) {
        HttpResponse<String> refused = admin("POST", "/api/v1/workflows/definitions", body);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused.body()).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(json(refused.body()).path("error").path("message").asString()).contains(problem);
    }

    @Test
    void theConfigurationFilesDefinitionsAreManagedInTheFile() {
        HttpResponse<String> changed = put("enterprise_code_review", "\"1\"", definition("enterprise_code_review"));
        HttpResponse<String> deleted = admin("DELETE", "/api/v1/workflows/definitions/enterprise_code_review", null);
        HttpResponse<String> shadowed = admin("POST", "/api/v1/workflows/definitions", definition("docs_review"));

        for (HttpResponse<String> refused : List.of(changed, deleted, shadowed)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(json(refused.body()).path("error").path("message").asString())
                    .contains("is defined in the configuration file", "managed there");
        }
        assertThat(json(admin("GET", "/api/v1/workflows/definitions/enterprise_code_review", null).body())
                .path("steps")).hasSize(4);
    }

    @Test
    void aDefinitionFromTheApiRunsOnTheRepositoriesItNamesFromAWebhook() {
        String name = "bound_review";
        String body = """
                {"name": "%s", "triggers": ["pr_created"], "repositories": ["Codertocat/docs"],
                 "steps": [{"name": "scan", "action": "analyze_quality", "model": "gpt-4o-mini", "blocking": true}]}"""
                .formatted(name);
        String head = "5b1d4c2a9e0f3d7c6b8a1e2f4d6c8b0a1e3f5d7c";
        GITHUB.pullRequestFiles("Codertocat/docs", 7, List.of(FakeGitHub.file("README.md", "modified",
                "@@ -1 +1,2 @@\n # Docs\n+More words.")));
        FAKE.reply("{\"findings\": []}");
        String payload = GitHubPayloads.pullRequest("opened", "Codertocat/docs", 7, "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                head, "Codertocat", "Docs");
        assertThat(json(deliver("pull_request", payload).body()).path("status").asString())
                .as("docs_review wants the label docs, so nothing runs yet").isEqualTo("ignored");

        HttpResponse<String> created = admin("POST", "/api/v1/workflows/definitions", body);
        try {
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> delivered = deliver("pull_request", payload);

            JsonNode answer = json(delivered.body());
            assertThat(answer.path("status").asString()).as(delivered.body()).isEqualTo("accepted");
            JsonNode check = awaitCompletedCheck(head);
            assertThat(check.path("name").asString()).isEqualTo("Aurelis / " + name);
            assertThat(check.path("conclusion").asString()).isEqualTo("success");
            String run = answer.path("runs").get(0).asString();
            assertThat(json(admin("GET", "/api/v1/workflows/runs/" + run, null).body()).path("run").path("workflow")
                    .asString()).isEqualTo(name);
        } finally {
            admin("DELETE", "/api/v1/workflows/definitions/" + name, null);
        }
        assertThat(json(deliver("pull_request", payload).body()).path("status").asString())
                .as("a deleted definition runs no more").isEqualTo("ignored");
    }

    @Test
    void theCommandLineCreatesUpdatesAndDeletesADefinitionFromAFile() throws IOException {
        Path file = directory.resolve("cli_review.yaml");
        Files.writeString(file, """
                name: cli_review
                triggers: [pr_created, commit_pushed]
                budget: 12.5
                steps:
                  - { name: scan, action: analyze_security, model: gpt-4o, blocking: true }
                """);
        try {
            StringWriter out = new StringWriter();
            assertThat(cli(out, "workflows", "definitions", "create", "--file", file.toString())).as(out.toString()).isZero();
            assertThat(out.toString()).contains("Defined 'cli_review', version 1.");

            Files.writeString(file, Files.readString(file).replace("12.5", "20"));
            StringWriter refused = new StringWriter();
            assertThat(cli(refused, "workflows", "definitions", "update", "--file", file.toString())).isEqualTo(1);
            assertThat(refused.toString()).contains("Say which version of 'cli_review' you changed");

            StringWriter changed = new StringWriter();
            assertThat(cli(changed, "workflows", "definitions", "update", "--file", file.toString(), "--version", "1"))
                    .as(changed.toString()).isZero();
            assertThat(changed.toString()).contains("Changed 'cli_review', version 2.");
            assertThat(json(admin("GET", "/api/v1/workflows/definitions/cli_review", null).body()).path("budget")
                    .decimalValue()).isEqualByComparingTo("20");

            StringWriter deleted = new StringWriter();
            assertThat(cli(deleted, "workflows", "definitions", "delete", "--file", file.toString()))
                    .as(deleted.toString()).isZero();
            assertThat(deleted.toString()).contains("Deleted 'cli_review'.");
        } finally {
            admin("DELETE", "/api/v1/workflows/definitions/cli_review", null);
        }
        assertThat(admin("GET", "/api/v1/workflows/definitions/cli_review", null).statusCode()).isEqualTo(404);
    }

    private int cli(StringWriter out, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--url", baseUrl(), "--admin-key", ADMIN_KEY)).toArray(String[]::new);
        return AurelisCommand.run(all, new PrintWriter(out, true), new PrintWriter(out, true));
    }
}
