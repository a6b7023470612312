package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.testing.FakeGitHub;
import dev.aurelis.testing.RecordedRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import dev.aurelis.alerting.Notifications;
import dev.aurelis.tenancy.TenantId;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole path from a GitHub webhook to the pull request's check run, review comments and summary comment, with
 * every model call made through the gateway as the workflow's identity in the repository's team.
 */
class GitHubReviewTests extends WorkflowsTestBase {

    @Autowired
    Notifications notifications;

    private static final String BASE = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
    private static final String HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    private static final String NEXT_HEAD = "9049f1265b7d61be4a8904a9a27120d2064dab3b";
    private static final String PATCH = """
            @@ -1,3 +1,5 @@
             class Login {
            +  String query = "select * from users where name = '" + name + "'";
            +  String password = "hunter2";
               void run() {}
             }""";
    private static final List<ObjectNode> FILES = List.of(FakeGitHub.file("src/app/Login.java", "modified", PATCH));

    private static final String SECURITY_FINDING = """
            {"findings": [{"file": "src/app/Login.java", "line": 2, "severity": "high", "title": "SQL injection",
              "message": "The name is concatenated into SQL; use a prepared statement."}]}""";
    private static final String QUALITY_FINDING = """
            {"findings": [{"file": "src/app/Login.java", "line": 3, "severity": "medium", "title": "Hard-coded password",
              "message": "Read the password from configuration."}]}""";
    private static final String NO_FINDINGS = "{\"findings\": []}";
    private static final String SUMMARY = "Here it is:\n```json\n{\"summary\": \"Adds a login query.\"}\n```";

    @Test
    void refusesADeliveryWhoseSignatureDoesNotMatch() {
        String payload = GitHubPayloads.pullRequest("opened", REPOSITORY, 1, BASE, HEAD, "Codertocat", "Login");

        HttpResponse<String> forged = deliver("pull_request", payload, UUID.randomUUID().toString(),
                sign("another secret", payload));
        HttpResponse<String> unsigned = deliver("pull_request", payload, UUID.randomUUID().toString(), null);

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(forged.body()).path("error").path("type").asString()).isEqualTo("authentication_error");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(GITHUB.calls()).isEmpty();
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void reviewsAPullRequestWithTheBriefsFourStepsAndFailsTheCheckOnTheBlockingFinding() {
        GITHUB.pullRequestFiles(REPOSITORY, 2, FILES);
        FAKE.replyFor("gpt-4o", SECURITY_FINDING).replyFor("codestral-2501", QUALITY_FINDING)
                .replyFor("cohere-command-r", NO_FINDINGS).replyFor("gpt-4o-mini", SUMMARY);

        HttpResponse<String> accepted = deliver("pull_request",
                GitHubPayloads.pullRequest("opened", REPOSITORY, 2, BASE, HEAD, "Codertocat", "Add a login query"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted.body()).path("runs")).hasSize(1);
        JsonNode check = awaitCompletedCheck(HEAD);
        assertThat(check.path("name").asString()).isEqualTo("Aurelis / enterprise_code_review");
        assertThat(check.path("conclusion").asString()).isEqualTo("failure");
        assertThat(check.path("output").path("title").asString()).isEqualTo("1 blocking finding");
        assertThat(check.path("output").path("annotations_count").asInt()).isEqualTo(2);

        List<RecordedRequest> calls = FAKE.requests("/v1/chat/completions");
        assertThat(calls).extracting(RecordedRequest::model)
                .containsExactlyInAnyOrder("gpt-4o", "codestral-2501", "cohere-command-r", "gpt-4o-mini");

        assertThat(GITHUB.reviews()).hasSize(1);
        JsonNode comments = GITHUB.reviews().getFirst().path("comments");
        assertThat(comments).extracting(c -> c.path("line").asInt()).containsExactlyInAnyOrder(2, 3);
        assertThat(GITHUB.reviews().getFirst().path("commit_id").asString()).isEqualTo(HEAD);

        assertThat(GITHUB.issueComments()).hasSize(1);
        String summary = GITHUB.issueComments().getFirst().path("body").asString();
        assertThat(summary).contains("Blocked", "Adds a login query.", "SQL injection", "ec26c3e");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications.recentDeliveries(
                TenantId.of("tenant-test"), 50)).anyMatch(d -> d.channel().equals("slack")
                        && d.title().equals("Review of " + REPOSITORY + " #2: blocked")));
        // the delivery above is queued first and posted after; the post itself reaches Slack within this test (late,
        // it landed among the calls a later test expects to be none)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(GITHUB.calls()).anyMatch(c ->
                c.path().equals("/hooks/slack") && c.body() != null
                        && c.body().path("text").asString().startsWith("Review of " + REPOSITORY + " #2: blocked")));

        List<String> requestIds = requestIdsOfRun(json(accepted.body()).path("runs").get(0).asString());
        assertThat(requestIds).hasSize(4);
        for (String requestId : requestIds) {
            JsonNode record = ledgerRecord(requestId);
            assertThat(record.path("user").asString()).isEqualTo("workflow.enterprise_code_review@workflows.aurelis");
            assertThat(record.path("team").asString()).isEqualTo("payments");
            assertThat(record.path("project").asString()).isEqualTo("apollo");
        }
    }

    @Test
    void theNextPushUpdatesTheSummaryCommentInPlace() {
        GITHUB.pullRequestFiles(REPOSITORY, 3, FILES);
        FAKE.replyFor("gpt-4o", SECURITY_FINDING).replyFor("codestral-2501", NO_FINDINGS)
                .replyFor("cohere-command-r", NO_FINDINGS).replyFor("gpt-4o-mini", SUMMARY);
        deliver("pull_request", GitHubPayloads.pullRequest("opened", REPOSITORY, 3, BASE, HEAD, "Codertocat", "Login"));
        awaitCompletedCheck(HEAD);
        long commentId = GITHUB.issueComments().getFirst().path("id").asLong();

        FAKE.replyFor("gpt-4o", NO_FINDINGS);
        deliver("pull_request", GitHubPayloads.pullRequest("synchronize", REPOSITORY, 3, BASE, NEXT_HEAD, "Codertocat",
                "Login"));
        JsonNode check = awaitCompletedCheck(NEXT_HEAD);

        assertThat(check.path("conclusion").asString()).isEqualTo("success");
        assertThat(GITHUB.issueComments()).hasSize(1);
        JsonNode comment = GITHUB.issueComments().getFirst();
        assertThat(comment.path("id").asLong()).isEqualTo(commentId);
        assertThat(comment.path("body").asString()).contains("Passed", "9049f12").doesNotContain("ec26c3e");
    }

    @Test
    void aRedeliveredEventStartsNothing() {
        GITHUB.pullRequestFiles(REPOSITORY, 4, FILES);
        FAKE.reply(NO_FINDINGS).replyFor("gpt-4o-mini", SUMMARY);
        String payload = GitHubPayloads.pullRequest("reopened", REPOSITORY, 4, BASE, HEAD, "Codertocat", "Login");
        String delivery = UUID.randomUUID().toString();

        HttpResponse<String> first = deliver("pull_request", payload, delivery, sign(WEBHOOK_SECRET, payload));
        HttpResponse<String> again = deliver("pull_request", payload, delivery, sign(WEBHOOK_SECRET, payload));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).path("status").asString()).isEqualTo("duplicate");
        awaitCompletedCheck(HEAD);
        assertThat(GITHUB.checkRuns()).hasSize(1);
    }

    @Test
    void aPushToABranchIsReviewedFromTheCompareApi() {
        GITHUB.compareFiles(REPOSITORY, FILES);
        FAKE.reply(NO_FINDINGS).replyFor("gpt-4o-mini", SUMMARY);

        HttpResponse<String> accepted = deliver("push",
                GitHubPayloads.push(REPOSITORY, "refs/heads/main", BASE, HEAD, "Codertocat", "Add a login query"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode check = awaitCompletedCheck(HEAD);
        assertThat(check.path("name").asString()).isEqualTo("Aurelis / enterprise_code_review (push)");
        assertThat(check.path("conclusion").asString()).isEqualTo("success");
        assertThat(GITHUB.calls()).anyMatch(c -> c.path().equals("/repos/" + REPOSITORY + "/compare/" + BASE + "..." + HEAD));
        assertThat(GITHUB.issueComments()).isEmpty();
    }

    @Test
    void eventsThatStartNoReviewAreAcknowledged() {
        HttpResponse<String> ping = deliver("ping", "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}");
        HttpResponse<String> closed = deliver("pull_request",
                GitHubPayloads.pullRequest("closed", REPOSITORY, 5, BASE, HEAD, "Codertocat", "Login"));
        HttpResponse<String> elsewhere = deliver("pull_request",
                GitHubPayloads.pullRequest("opened", "someone/else", 5, BASE, HEAD, "Codertocat", "Login"));

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(closed.statusCode()).isEqualTo(202);
        assertThat(json(closed.body()).path("status").asString()).isEqualTo("ignored");
        assertThat(json(elsewhere.body()).path("reason").asString()).contains("someone/else");
        assertThat(GITHUB.calls()).isEmpty();
    }
}
