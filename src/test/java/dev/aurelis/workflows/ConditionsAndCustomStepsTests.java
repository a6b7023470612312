package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.FakeGitHub;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A workflow defined in the configuration with a custom step, a project of its own and conditions on paths, labels
 * and size: it reviews only the changes its conditions select, with its own prompt, and blocks at its own threshold.
 */
class ConditionsAndCustomStepsTests extends WorkflowsTestBase {

    private static final String DOCS = "Codertocat/docs";
    private static final String BASE = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @Test
    void aCustomStepReviewsAMatchingChangeWithItsOwnPromptAndThreshold() {
        String head = "b000000000000000000000000000000000000001";
        GITHUB.pullRequestFiles(DOCS, 1, List.of(FakeGitHub.file("docs/guide.md", "modified",
                "@@ -1,2 +1,2 @@\n # Guide\n-It works.\n+## We Will Explain Everything")));
        FAKE.replyFor("gpt-4o-mini", "{\"findings\": [{\"file\": \"docs/guide.md\", \"line\": 2, \"severity\": "
                + "\"medium\", \"title\": \"Title case\", \"message\": \"Use sentence case and the present tense.\"}]}");

        HttpResponse<String> accepted = deliver("pull_request", labelled(
                GitHubPayloads.pullRequest("opened", DOCS, 1, BASE, head, "Codertocat", "Docs"), "docs"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode check = awaitCompletedCheck(head);
        assertThat(check.path("name").asString()).isEqualTo("Aurelis / docs_review");
        assertThat(check.path("conclusion").asString()).isEqualTo("failure");
        String system = FAKE.lastRequest().body().path("messages").get(0).path("content").asString();
        assertThat(system).startsWith("Check the house style");
        String requestId = requestIdsOfRun(json(accepted.body()).path("runs").get(0).asString()).getFirst();
        assertThat(ledgerRecord(requestId).path("project").asString()).isEqualTo("apollo");
        assertThat(ledgerRecord(requestId).path("user").asString()).isEqualTo("workflow.docs_review@workflows.aurelis");
    }

    @Test
    void aChangeOutsideTheWorkflowsPathsIsSkippedWithoutAModelCall() {
        String head = "b000000000000000000000000000000000000002";
        GITHUB.pullRequestFiles(DOCS, 2, List.of(FakeGitHub.file("src/Main.java", "modified", "@@ -1 +1 @@\n-a\n+b")));

        deliver("pull_request", labelled(GitHubPayloads.pullRequest("opened", DOCS, 2, BASE, head, "Codertocat", "Code"),
                "docs"));

        JsonNode check = awaitCompletedCheck(head);
        assertThat(check.path("conclusion").asString()).isEqualTo("skipped");
        assertThat(check.path("output").path("summary").asString()).contains("docs/**");
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void aPullRequestWithoutTheWorkflowsLabelStartsNoRun() {
        HttpResponse<String> answer = deliver("pull_request",
                GitHubPayloads.pullRequest("opened", DOCS, 3, BASE, "b000000000000000000000000000000000000003",
                        "Codertocat", "Unlabelled"));

        assertThat(json(answer.body()).path("status").asString()).isEqualTo("ignored");
        assertThat(GITHUB.calls()).isEmpty();
    }

    /** The payload with its labels replaced by {@code label}. */
    private static String labelled(String payload, String label) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode tree = (ObjectNode) json.readTree(payload);
        ((ObjectNode) tree.path("pull_request")).putArray("labels").addObject().put("id", 7).put("name", label);
        return json.writeValueAsString(tree);
    }
}
