package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.alerting.Notifications;
import dev.aurelis.testing.FakeGitHub;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workflows.execution.Approvals;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Approval steps ({@code integrations.workflows.approval_processes}): a run whose model steps are done waits for the
 * people its approval step names, without holding a thread; the merge stays blocked (the check run stays in progress,
 * the CI answer says {@code awaiting_approval}) until a named approver approves, a rejection or the timeout fails
 * it, and nobody else can decide.
 */
class ApprovalStepTests extends WorkflowsTestBase {

    /** Its workflow notifies the slack channel; the tests that use it wait for every message they cause. */
    private static final String GUARDED = "Codertocat/guarded";
    /** The same workflow without notifications, for the tests through CI. */
    private static final String GATED = "Codertocat/gated";
    private static final String HURRIED = "Codertocat/hurried";
    private static final String NO_FINDINGS = "{\"findings\": []}";

    @Autowired
    Approvals approvals;
    @Autowired
    Notifications notifications;

    @Test
    void aCiReviewWaitsForTheApproverAndPassesOnceApproved() {
        FAKE.reply(NO_FINDINGS);
        String lead = keyOf("lead@example.com");

        HttpResponse<String> review = admin("POST", "/api/v1/workflows/reviews", ciReview(GATED));

        assertThat(review.statusCode()).as(review.body()).isEqualTo(202);
        JsonNode waiting = json(review.body());
        assertThat(waiting.path("status").asString()).isEqualTo("awaiting_approval");
        assertThat(waiting.path("blocked").asBoolean()).isTrue();
        JsonNode awaiting = waiting.path("awaiting").get(0);
        assertThat(awaiting.path("step").asString()).isEqualTo("lead_sign_off");
        assertThat(awaiting.path("required").asInt()).isEqualTo(1);
        assertThat(awaiting.path("approved").asInt()).isZero();
        assertThat(Instant.parse(awaiting.path("decide_by").asString()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(119)), Instant.now().plus(Duration.ofMinutes(121)));
        assertThat(FAKE.requestCount()).as("the model step ran before the run began to wait").isEqualTo(1);
        String run = waiting.path("run_id").asString();
        assertThat(call(lead, "GET", "/api/v1/workflows/reviews/" + run, null).statusCode()).isEqualTo(202);

        HttpResponse<String> approved = decide(lead, run, "approve", "Looks right.");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved.body()).path("settled").asBoolean()).isTrue();
        JsonNode finished = awaitFinished(lead, run);
        assertThat(finished.path("conclusion").asString()).isEqualTo("success");
        assertThat(finished.path("blocked").asBoolean()).isFalse();
        JsonNode signOff = finished.path("steps").get(1);
        assertThat(signOff.path("action").asString()).isEqualTo("approval");
        assertThat(signOff.path("summary").asString()).isEqualTo("Approved by lead@example.com.");
        assertThat(FAKE.requestCount()).as("resuming the run repeats no model step").isEqualTo(1);
        assertThat(decide(lead, run, "approve", null).statusCode()).as("a finished run takes no decision").isEqualTo(409);
    }

    @Test
    void onlyANamedApproverWhoIsNotTheAuthorDecides() {
        FAKE.reply(NO_FINDINGS);
        String run = json(admin("POST", "/api/v1/workflows/reviews", ciReview(GATED)).body()).path("run_id").asString();

        HttpResponse<String> stranger = decide(keyOf("stranger@example.com"), run, "approve", null);
        HttpResponse<String> noDecision = decide(keyOf("lead@example.com"), run, "maybe", null);
        HttpResponse<String> unknownRun = decide(keyOf("lead@example.com"), java.util.UUID.randomUUID().toString(),
                "approve", null);

        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(403);
        assertThat(json(stranger.body()).path("error").path("message").asString())
                .contains("not among the approvers", "lead@example.com", "role:reviewer");
        assertThat(noDecision.statusCode()).isEqualTo(400);
        assertThat(unknownRun.statusCode()).isEqualTo(404);
        JsonNode still = json(call(keyOf("lead@example.com"), "GET", "/api/v1/workflows/reviews/" + run, null).body());
        assertThat(still.path("status").asString()).isEqualTo("awaiting_approval");

        // a role named among the approvers lets its holders decide
        HttpResponse<String> byRole = decide(keyWithRole("reviewer@example.com", "reviewer"), run, "approve", null);
        assertThat(byRole.statusCode()).as(byRole.body()).isEqualTo(200);
        assertThat(awaitFinished(keyOf("lead@example.com"), run).path("conclusion").asString()).isEqualTo("success");
    }

    @Test
    void nobodyApprovesAChangeTheySentThemselves() {
        FAKE.reply(NO_FINDINGS);
        String lead = keyOf("lead@example.com");
        HttpResponse<String> sent = call(lead, "POST", "/api/v1/workflows/reviews", ciReview(GATED));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String run = json(sent.body()).path("run_id").asString();

        HttpResponse<String> own = decide(lead, run, "approve", null);

        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        assertThat(json(own.body()).path("error").path("message").asString()).contains("their own change");
        assertThat(json(call(lead, "GET", "/api/v1/workflows/reviews/" + run, null).body()).path("awaiting").get(0)
                .path("approved").asInt()).as("the refused approval was not counted").isZero();
        assertThat(decide(keyOf("second@example.com"), run, "approve", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aRejectionFailsTheBlockingApprovalAndBlocksTheChange() {
        FAKE.reply(NO_FINDINGS);
        String lead = keyOf("lead@example.com");
        String run = json(admin("POST", "/api/v1/workflows/reviews", ciReview(GATED)).body()).path("run_id").asString();

        HttpResponse<String> rejected = decide(lead, run, "reject", "Not before the freeze ends.");

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        JsonNode finished = awaitFinished(lead, run);
        assertThat(finished.path("conclusion").asString()).isEqualTo("failure");
        assertThat(finished.path("blocked").asBoolean()).isTrue();
        assertThat(finished.path("steps").get(1).path("error").asString())
                .isEqualTo("rejected by lead@example.com: Not before the freeze ends.");

        // the decision and the run's end are in the audit trail
        JsonNode decided = awaitAuditEntry("workflow.approval_rejected", run);
        assertThat(decided.path("actor").asString()).isEqualTo("lead@example.com");
        assertThat(decided.path("outcome").asString()).isEqualTo("refused");
        assertThat(decided.path("details").path("comment").asString()).isEqualTo("Not before the freeze ends.");
        JsonNode ended = awaitAuditEntry("workflow.run_finished", run);
        assertThat(ended.path("outcome").asString()).isEqualTo("failure");
        assertThat(ended.path("target").asString()).isEqualTo("repository:" + GATED + "@bf269f4");
    }

    private JsonNode awaitAuditEntry(String action, String run) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> json(admin("GET", "/api/v1/audit?limit=200&action="
                + action, null).body()).path("entries").valueStream()
                .filter(e -> e.path("details").path("run_id").asString().equals(run)).findFirst().orElse(null),
                e -> e != null);
    }

    @Test
    void aPullRequestsCheckStaysInProgressUntilApprovedAndTheChannelIsAsked() {
        String head = "c000000000000000000000000000000000000001";
        GITHUB.pullRequestFiles(GUARDED, 7, List.of(FakeGitHub.file("src/Main.java", "modified", "@@ -1 +1 @@\n-a\n+b")));
        FAKE.reply(NO_FINDINGS);

        HttpResponse<String> accepted = deliver("pull_request", GitHubPayloads.pullRequest("opened", GUARDED, 7,
                "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", head, "Codertocat", "Release"));
        String run = json(accepted.body()).path("runs").get(0).asString();
        String lead = keyOf("lead@example.com");

        await().atMost(Duration.ofSeconds(30)).until(() -> "awaiting_approval".equals(
                json(call(lead, "GET", "/api/v1/workflows/reviews/" + run, null).body()).path("status").asString()));
        assertThat(GITHUB.checkRuns()).filteredOn(c -> c.path("head_sha").asString().equals(head))
                .extracting(c -> c.path("status").asString()).containsOnly("in_progress");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications.recentDeliveries(
                TenantId.of("tenant-test"), 50)).anyMatch(d -> d.channel().equals("slack")
                        && d.title().equals("Approval needed: " + GUARDED + " #7") && (d.deliveredAt() != null || d.abandonedAt() != null)));

        assertThat(decide(lead, run, "approve", null).statusCode()).isEqualTo(200);

        JsonNode check = awaitCompletedCheck(head);
        assertThat(check.path("conclusion").asString()).isEqualTo("success");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications.recentDeliveries(
                TenantId.of("tenant-test"), 50)).anyMatch(d -> d.channel().equals("slack")
                        && d.title().equals("Review of " + GUARDED + " #7: passed") && (d.deliveredAt() != null || d.abandonedAt() != null)));
        assertThat(GITHUB.issueComments().stream().map(c -> c.path("body").asString())
                .filter(b -> b.contains("guarded_release")).findFirst().orElseThrow())
                .contains("lead_sign_off | people", "Approved by lead@example.com.");
    }

    @Test
    void anApprovalNobodyDecidesInTimeFailsTheRunWithWhatItHad() {
        String lead = keyOf("lead@example.com");
        String run = json(admin("POST", "/api/v1/workflows/reviews", ciReview(HURRIED)).body()).path("run_id").asString();
        assertThat(decide(lead, run, "approve", null).statusCode()).isEqualTo(200);
        JsonNode waiting = json(call(lead, "GET", "/api/v1/workflows/reviews/" + run, null).body());
        assertThat(waiting.path("awaiting").get(0).path("approved").asInt()).as("one of two approvals").isEqualTo(1);
        Instant decideBy = Instant.parse(waiting.path("awaiting").get(0).path("decide_by").asString());

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(decideBy.plusMillis(50)));
        assertThat(approvals.expireOverdue()).isGreaterThanOrEqualTo(1);

        JsonNode finished = awaitFinished(lead, run);
        assertThat(finished.path("conclusion").asString()).isEqualTo("failure");
        assertThat(finished.path("steps").get(0).path("error").asString())
                .isEqualTo("no decision within 1s (1 of 2 approvals from lead@example.com, second@example.com)");
        assertThat(FAKE.requestCount()).as("an approval-only workflow calls no model").isZero();
    }

    private JsonNode awaitFinished(String key, String run) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> state = call(key, "GET", "/api/v1/workflows/reviews/" + run, null);
            return state.statusCode() == 200 ? json(state.body()) : null;
        }, state -> state != null);
    }

    private HttpResponse<String> decide(String key, String run, String decision, String comment) {
        var body = JSON.createObjectNode().put("decision", decision);
        if (comment != null) {
            body.put("comment", comment);
        }
        return call(key, "POST", "/api/v1/workflows/runs/" + run + "/approvals", body.toString());
    }

    private static String ciReview(String repository) {
        return JSON.createObjectNode().put("repository", repository).put("base", "83db48f").put("head", "bf269f4")
                .put("ci", "jenkins").put("diff", CiReviewTests.DIFF).toString();
    }

    /** A key of the user (created as a developer of the team payments on first use). */
    private String keyOf(String email) {
        HttpResponse<String> issued = admin("POST", "/api/v1/keys", "{\"user\":\"" + email + "\",\"team\":\"payments\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return json(issued.body()).path("key").asString();
    }

    private String keyWithRole(String email, String role) {
        String key = keyOf(email);
        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings",
                "{\"role\":\"" + role + "\",\"user\":\"" + email + "\"}");
        assertThat(bound.statusCode()).as(bound.body()).isBetween(200, 201);
        return key;
    }

    private HttpResponse<String> call(String key, String method, String path, String body) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
