package dev.aurelis.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.workflows.ApprovalLinks;
import dev.aurelis.workflows.WorkflowsTestBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Deciding an approval from the signed link its notification carries, over real HTTP with signed-in sessions: the
 * link opens the run with its findings for a named approver who may not read the runs page, a tampered or expired
 * link and a person who is not an approver are refused with a page that says why, the approver's decision moves
 * the run on and is audited as the API's is, and the used link then says so. "Waiting for me" lists the run.
 */
class ApprovalLinkConsoleTests extends WorkflowsTestBase {

    /** Named through {@code role:reviewer}; the reviewer role grants neither audit:read nor the runs page. */
    private static final String REVIEWER = "link-reviewer@example.com";
    private static final String STRANGER = "link-stranger@example.com";
    private static final String PASSWORD = "a long console password";
    private static final Pattern LINK = Pattern.compile("/console/approvals/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");
    private static final String LOW_FINDING = "{\"findings\": [{\"file\": \"src/app/Login.java\", \"line\": 2, "
            + "\"severity\": \"low\", \"title\": \"Hard-coded value\", \"message\": \"Read it from the environment.\"}]}";

    @Autowired
    ApprovalLinks links;

    @Test
    void theNotificationsLinkLetsANamedApproverDecideAndNobodyElse() {
        String run = runAwaitingApproval();
        String token = linkFromTheSlackNotice(run);
        person(REVIEWER, "reviewer");
        person(STRANGER, "admin");
        ConsoleSession reviewer = ConsoleSession.signedIn(baseUrl(), REVIEWER, PASSWORD);
        ConsoleSession stranger = ConsoleSession.signedIn(baseUrl(), STRANGER, PASSWORD);

        assertThat(reviewer.get("/console/workflows").statusCode()).as("no audit:read").isEqualTo(403);
        HttpResponse<String> waiting = reviewer.get("/console/approvals");
        assertThat(waiting.statusCode()).isEqualTo(200);
        assertThat(waiting.body()).contains("waiting-" + run, "Codertocat/guarded");
        assertThat(reviewer.get("/console").body()).contains("/console/approvals");

        HttpResponse<String> notApprover = stranger.get("/console/approvals/" + token);
        assertThat(notApprover.statusCode()).isEqualTo(403);
        assertThat(notApprover.body()).contains("not among the approvers").doesNotContain("id=\"approve\"");
        assertThat(stranger.post("/console/approvals/" + token, Map.of("decision", "approve")).statusCode())
                .as("an administrator who is no approver, posting anyway").isEqualTo(403);

        String tampered = tamper(token);
        HttpResponse<String> forged = reviewer.get("/console/approvals/" + tampered);
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.body()).contains("Approval link not valid", "changed or cut");
        assertThat(reviewer.post("/console/approvals/" + tampered, Map.of("decision", "approve")).statusCode())
                .isEqualTo(404);
        assertThat(runStatus(run)).isEqualTo("awaiting_approval");

        HttpResponse<String> page = reviewer.get("/console/approvals/" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("guarded_release", "Hard-coded value", "src/app/Login.java:2",
                "approval-lead_sign_off", "id=\"approve\"", "name=\"_csrf\"");
        HttpResponse<String> approved = reviewer.post("/console/approvals/" + token,
                Map.of("decision", "approve", "comment", "Fine from the link."));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("You approved &#39;lead_sign_off&#39;", "the run goes on");

        await().atMost(Duration.ofSeconds(30)).until(() -> runStatus(run).equals("completed"));
        JsonNode stored = json(admin("GET", "/api/v1/workflows/runs/" + run, null).body());
        assertThat(stored.path("steps").get(1).path("summary").asString()).isEqualTo("Approved by " + REVIEWER + ".");
        JsonNode audited = await().atMost(Duration.ofSeconds(30)).until(() -> json(admin("GET",
                "/api/v1/audit?limit=200&action=workflow.approval_approved", null).body()).path("entries").valueStream()
                .filter(e -> e.path("details").path("run_id").asString().equals(run)).findFirst().orElse(null),
                e -> e != null);
        assertThat(audited.toString()).as("audited as the API's decisions are").contains(REVIEWER, "Fine from the link.");

        HttpResponse<String> used = reviewer.get("/console/approvals/" + token);
        assertThat(used.statusCode()).isEqualTo(410);
        assertThat(used.body()).contains("already used", "lead_sign_off");
        assertThat(reviewer.get("/console/approvals").body()).doesNotContain("waiting-" + run);
    }

    @Test
    void anExpiredLinkIsRefusedEvenToAnApproverWhoStillDecidesFromTheWaitingList() {
        String run = runAwaitingApproval();
        person(REVIEWER, "reviewer");
        ConsoleSession reviewer = ConsoleSession.signedIn(baseUrl(), REVIEWER, PASSWORD);
        String expired = links.create(UUID.fromString(run), "lead_sign_off", Instant.now().minusSeconds(5));

        HttpResponse<String> page = reviewer.get("/console/approvals/" + expired);
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("Approval link expired", "lead_sign_off").doesNotContain("id=\"approve\"");
        assertThat(reviewer.post("/console/approvals/" + expired, Map.of("decision", "approve")).statusCode())
                .isEqualTo(410);
        assertThat(runStatus(run)).isEqualTo("awaiting_approval");

        assertThat(reviewer.get("/console/approvals/runs/" + run).body())
                .as("from the waiting list, the run opens without a link").contains("id=\"approve\"");
        HttpResponse<String> rejected = reviewer.post("/console/approvals/runs/" + run,
                Map.of("step", "lead_sign_off", "decision", "reject", "comment", "Not this one."));
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.body()).contains("You rejected");
        await().atMost(Duration.ofSeconds(30)).until(() -> runStatus(run).equals("completed"));
    }

    /** A review from CI of {@code Codertocat/guarded}, whose workflow asks Slack for the approval. */
    private String runAwaitingApproval() {
        FAKE.reply(LOW_FINDING);
        String review = JSON.createObjectNode().put("repository", "Codertocat/guarded").put("base", "83db48f")
                .put("head", "bf269f4").put("ci", "jenkins").put("title", "Read the password from the vault")
                .put("diff", """
                        diff --git a/src/app/Login.java b/src/app/Login.java
                        index 83db48f..bf269f4 100644
                        --- a/src/app/Login.java
                        +++ b/src/app/Login.java
                        @@ -1,3 +1,4 @@
                         class Login {
                        +  String password = System.getenv("LOGIN_PASSWORD");
                           void run() {}
                         }
                        """).toString();
        HttpResponse<String> sent = admin("POST", "/api/v1/workflows/reviews", review);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String run = json(sent.body()).path("run_id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> runStatus(run).equals("awaiting_approval"));
        return run;
    }

    /** The token of the decision link in the Slack message asking for the run's approval (the fake receives it). */
    private static String linkFromTheSlackNotice(String run) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> GITHUB.calls().stream()
                .filter(c -> c.path().equals("/hooks/slack") && c.body() != null && c.body().toString().contains(run))
                .map(c -> {
                    Matcher link = LINK.matcher(c.body().toString());
                    return link.find() ? link.group(1) : null;
                })
                .filter(t -> t != null).findFirst().orElse(null), t -> t != null);
    }

    /** The same token with one character of its claims changed. */
    private static String tamper(String token) {
        char[] chars = token.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private String runStatus(String run) {
        return json(admin("GET", "/api/v1/workflows/runs/" + run, null).body()).path("run").path("status").asString();
    }

    /** A person with a password and a role (repeated setups find both already there). */
    private void person(String email, String role) {
        HttpResponse<String> key = admin("POST", "/api/v1/keys", "{\"user\":\"" + email + "\",\"team\":\"payments\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        HttpResponse<String> password = admin("PUT", "/api/v1/local-accounts",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings",
                "{\"role\":\"" + role + "\",\"user\":\"" + email + "\"}");
        assertThat(bound.statusCode()).as(bound.body()).isIn(200, 201, 409);
    }
}
