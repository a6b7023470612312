package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A workflow's {@code budget}: held by the spend module as the monthly budget of the workflow's account, counted
 * from the ledger like anyone's, and enforced before each model call. A workflow with a tiny budget reviews once
 * within it; the next review's model step fails with the reason and makes no call, and the change is blocked.
 */
class WorkflowBudgetTests extends WorkflowsTestBase {

    private static final String NAME = "budgeted_review";
    private static final String ACCOUNT = "workflow.budgeted_review@workflows.aurelis";

    @Test
    void aWorkflowOverItsBudgetFailsItsModelStepsAndTheLedgerShowsItsSpendUnderItsProject() {
        HttpResponse<String> created = admin("POST", "/api/v1/workflows/definitions", """
                {"name": "%s", "project": "review-budget", "budget": 0.000001,
                 "steps": [{"name": "scan", "action": "analyze_quality", "model": "gpt-4o-mini", "blocking": true}]}"""
                .formatted(NAME));
        try {
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode budget = workflowBudget().orElseThrow(() -> new AssertionError("no budget held for " + ACCOUNT));
            assertThat(budget.path("scope").asString()).isEqualTo("user");
            assertThat(budget.path("period").asString()).isEqualTo("monthly");
            assertThat(budget.path("source").asString()).isEqualTo("workflow");
            assertThat(budget.path("limit").decimalValue()).isEqualByComparingTo("0.000001");

            FAKE.reply("{\"findings\": []}");
            JsonNode first = review();
            assertThat(first.path("conclusion").asString()).as(first.toString()).isEqualTo("success");
            List<String> firstCalls = first.path("steps").get(0).path("request_ids").valueStream()
                    .map(JsonNode::asString).toList();
            assertThat(firstCalls).isNotEmpty();
            for (String requestId : firstCalls) {
                JsonNode record = ledgerRecord(requestId);
                assertThat(record.path("user").asString()).isEqualTo(ACCOUNT);
                assertThat(record.path("project").asString()).isEqualTo("review-budget");
                assertThat(record.path("team").asString()).isEqualTo("payments");
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> workflowBudget()
                    .map(b -> b.path("current").path("spent"))
                    .filter(JsonNode::isNumber)
                    .map(spent -> spent.decimalValue().compareTo(new BigDecimal("0.000001")) >= 0).orElse(false));
            int callsBefore = FAKE.requestCount();

            JsonNode second = review();

            assertThat(second.path("conclusion").asString()).as(second.toString()).isEqualTo("failure");
            assertThat(second.path("blocked").asBoolean()).isTrue();
            JsonNode step = second.path("steps").get(0);
            assertThat(step.path("error").asString()).startsWith("workflow budget exhausted: spent ")
                    .endsWith(" of 0.000001 USD this month");
            assertThat(step.path("request_ids")).isEmpty();
            assertThat(FAKE.requestCount()).as("a workflow over its budget calls no model").isEqualTo(callsBefore);
        } finally {
            admin("DELETE", "/api/v1/workflows/definitions/" + NAME, null);
        }
        assertThat(workflowBudget()).as("a deleted workflow's budget goes with it").isEmpty();
    }

    private JsonNode review() {
        HttpResponse<String> review = admin("POST", "/api/v1/workflows/reviews", JSON.createObjectNode()
                .put("repository", REPOSITORY).put("workflow", NAME).put("base", "83db48f").put("head", "bf269f4")
                .put("ci", "jenkins").put("diff", CiReviewTests.DIFF).toString());
        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        return json(review.body());
    }

    private Optional<JsonNode> workflowBudget() {
        HttpResponse<String> budgets = admin("GET", "/api/v1/budgets", null);
        assertThat(budgets.statusCode()).as(budgets.body()).isEqualTo(200);
        return json(budgets.body()).path("budgets").valueStream()
                .filter(b -> b.path("subject").asString().equals(ACCOUNT)).findFirst();
    }
}
