package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.testing.FakeGitLab;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.RecordedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The path from a GitLab merge request hook to a commit status, discussions and one summary note. */
class GitLabReviewTests extends WorkflowsTestBase {

    private static final String HEAD = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7";
    private static final String NEXT_HEAD = "3b8b9ed6a5d2a1b1f1d9c2c3c4c5c6c7c8c9cacb";
    private static final List<ObjectNode> DIFFS = List.of(FakeGitLab.diff("app/models/user.rb",
            "@@ -1,2 +1,3 @@\n class User\n+  def token; \"glpat-hardcoded\"; end\n end"));

    @Test
    void refusesADeliveryWithoutTheSecretToken() {
        HttpResponse<String> refused = hook("Merge Request Hook", "not-the-token",
                GitLabPayloads.mergeRequest("open", GITLAB_PROJECT, 1, HEAD, null, "root", "Token"));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(GITLAB.callCount()).isZero();
    }

    @Test
    void reviewsAMergeRequestAndFailsTheCommitStatusOnTheBlockingFinding() {
        GITLAB.mergeRequestDiffs(GITLAB_PROJECT, 1, DIFFS);
        FAKE.reply("{\"findings\": []}").replyFor("gpt-4o-mini", "{\"summary\": \"Adds a token method.\"}")
                .replyFor("gpt-4o", "{\"findings\": [{\"file\": \"app/models/user.rb\", \"line\": 2, \"severity\": "
                        + "\"critical\", \"title\": \"Hard-coded token\", \"message\": \"Read it from the vault.\"}]}");

        HttpResponse<String> accepted = hook("Merge Request Hook", GITLAB_SECRET,
                GitLabPayloads.mergeRequest("open", GITLAB_PROJECT, 1, HEAD, null, "root", "Token"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode status = awaitFinalStatus(HEAD);
        assertThat(status.path("status").asString()).isEqualTo("failed");
        assertThat(status.path("name").asString()).isEqualTo("Aurelis / enterprise_code_review");
        assertThat(GITLAB.statuses()).extracting(s -> s.path("status").asString()).containsExactly("running", "failed");
        assertThat(FAKE.requests("/v1/chat/completions")).extracting(RecordedRequest::model)
                .containsExactlyInAnyOrder("gpt-4o", "codestral-2501", "cohere-command-r", "gpt-4o-mini");
        assertThat(GITLAB.discussions()).hasSize(1);
        JsonNode position = GITLAB.discussions().getFirst().path("notes").get(0).path("position");
        assertThat(position.path("new_line").asInt()).isEqualTo(2);
        assertThat(position.path("head_sha").asString()).isEqualTo(HEAD);
        assertThat(GITLAB.notes()).hasSize(1);
        assertThat(GITLAB.notes().getFirst().path("body").asString()).contains("Blocked", "Adds a token method.");
        for (String requestId : requestIdsOfRun(json(accepted.body()).path("runs").get(0).asString())) {
            assertThat(ledgerRecord(requestId).path("team").asString()).isEqualTo("platform");
        }
    }

    @Test
    void newCommitsUpdateTheSummaryNoteInPlaceAndARetriedDeliveryStartsNothing() {
        GITLAB.mergeRequestDiffs(GITLAB_PROJECT, 2, DIFFS);
        FAKE.reply("{\"findings\": []}").replyFor("gpt-4o-mini", "{\"summary\": \"Adds a token method.\"}");
        hook("Merge Request Hook", GITLAB_SECRET, GitLabPayloads.mergeRequest("open", GITLAB_PROJECT, 2, HEAD, null,
                "root", "Token"));
        awaitFinalStatus(HEAD);
        long noteId = GITLAB.notes().getFirst().path("id").asLong();

        String update = GitLabPayloads.mergeRequest("update", GITLAB_PROJECT, 2, NEXT_HEAD, HEAD, "root", "Token");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = hook("Merge Request Hook", GITLAB_SECRET, update, key);
        HttpResponse<String> retried = hook("Merge Request Hook", GITLAB_SECRET, update, key);
        JsonNode status = awaitFinalStatus(NEXT_HEAD);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(json(retried.body()).path("status").asString()).isEqualTo("duplicate");
        assertThat(status.path("status").asString()).isEqualTo("success");
        assertThat(GITLAB.notes()).hasSize(1);
        assertThat(GITLAB.notes().getFirst().path("id").asLong()).isEqualTo(noteId);
        assertThat(GITLAB.notes().getFirst().path("body").asString()).contains("3b8b9ed");
    }

    @Test
    void aTitleEditWithoutNewCommitsStartsNothing() {
        HttpResponse<String> edited = hook("Merge Request Hook", GITLAB_SECRET,
                GitLabPayloads.mergeRequest("update", GITLAB_PROJECT, 3, HEAD, null, "root", "New title"));

        assertThat(edited.statusCode()).isEqualTo(202);
        assertThat(json(edited.body()).path("status").asString()).isEqualTo("ignored");
        assertThat(GITLAB.callCount()).isZero();
    }

    private HttpResponse<String> hook(String event, String token, String payload) {
        return hook(event, token, payload, UUID.randomUUID().toString());
    }

    private HttpResponse<String> hook(String event, String token, String payload, String idempotencyKey) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/webhooks/gitlab"))
                .header("content-type", "application/json")
                .header("user-agent", "GitLab/18.6.0")
                .header("x-gitlab-event", event)
                .header("x-gitlab-token", token)
                .header("x-gitlab-event-uuid", UUID.randomUUID().toString())
                .header("idempotency-key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build());
    }

    private static JsonNode awaitFinalStatus(String sha) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> GITLAB.statuses().stream()
                .filter(s -> s.path("sha").asString().equals(sha) && !s.path("status").asString().equals("running"))
                .findFirst().orElse(null), s -> s != null);
    }
}
