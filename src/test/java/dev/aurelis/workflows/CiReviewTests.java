package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/workflows/reviews}: a CI system sends a diff and learns whether the change may merge. */
class CiReviewTests extends WorkflowsTestBase {

    static final String DIFF = """
            diff --git a/src/app/Login.java b/src/app/Login.java
            index 83db48f..bf269f4 100644
            --- a/src/app/Login.java
            +++ b/src/app/Login.java
            @@ -1,3 +1,4 @@
             class Login {
            +  String password = "hunter2";
               void run() {}
             }
            """;

    @Test
    void aBlockingFindingBlocksTheChange() {
        FAKE.reply("{\"findings\": []}").replyFor("gpt-4o-mini", "{\"summary\": \"Adds a password.\"}")
                .replyFor("gpt-4o", "{\"findings\": [{\"file\": \"src/app/Login.java\", \"line\": 2, "
                        + "\"severity\": \"critical\", \"title\": \"Committed password\", \"message\": \"Remove it.\"}]}");

        HttpResponse<String> review = admin("POST", "/api/v1/workflows/reviews", request("jenkins"));

        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        JsonNode result = json(review.body());
        assertThat(result.path("blocked").asBoolean()).isTrue();
        assertThat(result.path("conclusion").asString()).isEqualTo("failure");
        JsonNode security = result.path("steps").get(0);
        assertThat(security.path("name").asString()).isEqualTo("security_scan");
        assertThat(security.path("findings").get(0).path("severity").asString()).isEqualTo("critical");
        assertThat(security.path("findings").get(0).path("line").asInt()).isEqualTo(2);
        assertThat(GITHUB.calls()).as("a review from CI writes nothing to the code host").isEmpty();
        assertThat(FAKE.lastRequest().body().toString()).contains("hunter2");
    }

    @Test
    void noFindingsLetTheChangeThrough() {
        FAKE.reply("{\"findings\": []}").replyFor("gpt-4o-mini", "{\"summary\": \"Adds a password.\"}");

        HttpResponse<String> review = admin("POST", "/api/v1/workflows/reviews", request("github_actions"));

        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        assertThat(json(review.body()).path("blocked").asBoolean()).isFalse();
        assertThat(json(review.body()).path("conclusion").asString()).isEqualTo("success");
    }

    @Test
    void aCiSystemSwitchedOffInTheConfigurationIsRefused() {
        HttpResponse<String> review = admin("POST", "/api/v1/workflows/reviews", request("azure_devops"));

        assertThat(review.statusCode()).isEqualTo(403);
        assertThat(json(review.body()).path("error").path("message").asString()).contains("integrations.cicd");
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void badRequestsAreAnsweredInTheAdminApisErrorFormat() {
        HttpResponse<String> unknownRepository = admin("POST", "/api/v1/workflows/reviews",
                "{\"repository\":\"nobody/nothing\",\"head\":\"b2\",\"ci\":\"jenkins\",\"diff\":\"x\"}");
        HttpResponse<String> noDiff = admin("POST", "/api/v1/workflows/reviews",
                "{\"repository\":\"" + REPOSITORY + "\",\"head\":\"b2\",\"ci\":\"jenkins\"}");
        HttpResponse<String> notJson = admin("POST", "/api/v1/workflows/reviews", "{\"repository\":");

        assertThat(unknownRepository.statusCode()).isEqualTo(404);
        assertThat(noDiff.statusCode()).isEqualTo(400);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson.body()).path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }

    static String request(String ci) {
        return JSON.createObjectNode().put("repository", REPOSITORY).put("base", "83db48f").put("head", "bf269f4")
                .put("ci", ci).put("diff", DIFF).toString();
    }
}
