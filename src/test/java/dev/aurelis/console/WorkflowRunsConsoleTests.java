package dev.aurelis.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.workflows.WorkflowsTestBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The console's workflow runs: an approver signs in (in the system's headless Chromium), finds the run waiting for
 * approval, approves it and sees the run finish; over plain HTTP with a signed-in session, people who may read runs
 * but are not the step's approvers get no buttons, and a decision they post anyway (with the CSRF token) is refused,
 * as is the page for a role that may not read runs.
 */
class WorkflowRunsConsoleTests extends WorkflowsTestBase {

    /** Named among the approvers of the workflow {@code gated_release}, and an administrator (reads runs). */
    private static final String APPROVER = "second@example.com";
    private static final String OUTSIDER = "outsider-admin@example.com";
    private static final String AUDITOR = "runs-auditor@example.com";
    private static final String DEVELOPER = "runs-developer@example.com";
    private static final String PASSWORD = "a long console password";
    private static final String LOW_FINDING = "{\"findings\": [{\"file\": \"src/app/Login.java\", \"line\": 2, "
            + "\"severity\": \"low\", \"title\": \"Hard-coded value\", \"message\": \"Read it from the environment.\"}]}";

    private ChromeDriver browser;
    private BrowserPage page;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anApproverApprovesTheWaitingRunInTheConsoleAndTheRunGoesOn() {
        String run = runAwaitingApproval();
        String exchange = requestIdsOfRun(run).getFirst();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ledgerRecord(exchange));
        person(APPROVER, "admin");
        browser = SystemChromium.start();
        page = new BrowserPage(browser, Duration.ofSeconds(30));

        browser.get(baseUrl() + "/login?next=/console/workflows");
        page.type(By.id("username"), APPROVER);
        page.type(By.id("password"), PASSWORD);
        browser.findElement(By.cssSelector("form[action='/auth/login'] button[type=submit]")).click();
        page.wait(ExpectedConditions.presenceOfElementLocated(By.id("results")));
        assertThat(page.column(By.cssSelector("nav a"))).contains("Workflow runs");

        new Select(browser.findElement(By.id("status"))).selectByValue("awaiting_approval");
        new Select(browser.findElement(By.id("workflow"))).selectByValue("gated_release");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        page.wait(ExpectedConditions.urlContains("status=awaiting_approval"));
        page.waitUntil(() -> !browser.findElements(By.id("run-" + run)).isEmpty()
                && page.column(By.cssSelector("#runs-table td.run-status")).stream().allMatch(s -> s.equals("awaiting_approval")));
        WebElement row = browser.findElement(By.id("run-" + run));
        assertThat(row.getText()).contains("gated_release", "Codertocat/gated", "bf269f4", "ci");
        assertThat(row.findElement(By.cssSelector("td:nth-child(8)")).getText()).isEqualTo("1");
        assertThat(row.findElement(By.cssSelector("td:nth-child(9)")).getText()).endsWith("USD");
        page.screenshot("workflows");

        row.findElement(By.linkText("gated_release")).click();
        assertThat(page.text(By.id("run-status"))).isEqualTo("awaiting_approval");
        assertThat(page.text(By.cssSelector("#step-security_scan td:nth-child(3)"))).isEqualTo("gpt-4o");
        assertThat(page.text(By.cssSelector("#findings-security_scan tbody tr"))).contains("Hard-coded value", "src/app/Login.java:2");
        assertThat(page.text(By.id("approval-lead_sign_off"))).contains("lead@example.com", "role:reviewer", APPROVER,
                "No decision yet.");
        page.type(By.id("comment-lead_sign_off"), "Reviewed the finding; fine for now.");
        page.screenshot("workflow-run");
        browser.findElement(By.id("approve")).click();

        assertThat(page.text(By.id("decided"))).contains("approved 'lead_sign_off'", "the run goes on");
        page.waitUntil(() -> browser.findElement(By.id("run-status")).getText().strip().equals("completed"));
        assertThat(page.text(By.id("run-conclusion"))).as("a finding below the threshold does not block").isEqualTo("neutral");
        assertThat(page.text(By.cssSelector("#approval-lead_sign_off table.decisions"))).contains(APPROVER, "approved",
                "Reviewed the finding; fine for now.");
        assertThat(browser.findElements(By.id("approve"))).as("a decided step offers no buttons").isEmpty();

        JsonNode stored = json(admin("GET", "/api/v1/workflows/runs/" + run, null).body());
        assertThat(stored.path("run").path("status").asString()).isEqualTo("completed");
        assertThat(stored.path("steps").get(1).path("summary").asString()).isEqualTo("Approved by " + APPROVER + ".");
    }

    @Test
    void whoIsNoApproverGetsNoButtonsAndTheirDecisionIsRefused() {
        String run = runAwaitingApproval();
        person(OUTSIDER, "admin");
        person(AUDITOR, "auditor");
        person(DEVELOPER, null);

        ConsoleSession outsider = signedIn(OUTSIDER);
        HttpResponse<String> page = outsider.get("/console/workflows/" + run);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("awaiting_approval", "lead_sign_off").doesNotContain("id=\"approve\"");
        HttpResponse<String> forged = outsider.post("/console/workflows/" + run + "/approvals",
                Map.of("step", "lead_sign_off", "decision", "approve"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("not among the approvers");

        ConsoleSession auditor = signedIn(AUDITOR);
        HttpResponse<String> read = auditor.get("/console/workflows/" + run);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("lead_sign_off").doesNotContain("id=\"approve\"");
        HttpResponse<String> auditorDecides = auditor.post("/console/workflows/" + run + "/approvals",
                Map.of("decision", "approve"));
        assertThat(auditorDecides.statusCode()).isEqualTo(403);
        assertThat(auditorDecides.body()).contains("code:analyze");

        ConsoleSession developer = signedIn(DEVELOPER);
        HttpResponse<String> refused = developer.get("/console/workflows");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("audit:read");
        assertThat(developer.get("/console").body()).doesNotContain("/console/workflows");

        assertThat(outsider.get("/console/workflows?status=sleeping").statusCode()).as("an unknown status").isEqualTo(400);
        JsonNode still = json(admin("GET", "/api/v1/workflows/runs/" + run, null).body());
        assertThat(still.path("run").path("status").asString()).isEqualTo("awaiting_approval");
    }

    /** A review from CI of {@code Codertocat/gated}: its model step finds something minor, then it waits for people. */
    private String runAwaitingApproval() {
        FAKE.reply(LOW_FINDING);
        String review = JSON.createObjectNode().put("repository", "Codertocat/gated").put("base", "83db48f")
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
        return json(sent.body()).path("run_id").asString();
    }

    /** A person with a password and, unless null, a role (repeated setups find both already there). */
    private void person(String email, String role) {
        HttpResponse<String> key = admin("POST", "/api/v1/keys", "{\"user\":\"" + email + "\",\"team\":\"payments\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        HttpResponse<String> password = admin("PUT", "/api/v1/local-accounts",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
        if (role != null) {
            HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings",
                    "{\"role\":\"" + role + "\",\"user\":\"" + email + "\"}");
            assertThat(bound.statusCode()).as(bound.body()).isIn(200, 201, 409);
        }
    }

    private ConsoleSession signedIn(String email) {
        return ConsoleSession.signedIn(baseUrl(), email, PASSWORD);
    }
}
