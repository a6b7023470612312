package dev.aurelis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** An exchange's lineage: the model asked for, what served it, its ledger record; and links other modules add. */
class DataLineageTests extends AccessTestBase {

    @Autowired
    AuditTrail trail;

    @Test
    void anExchangesLineageLeadsFromTheRequestToItsLedgerRecordAndToWhatLinksToIt() {
        String email = unique("lineage") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        HttpResponse<String> exchange = openAi("/v1/chat/completions", key, CHAT);
        String requestId = exchange.headers().firstValue("x-aurelis-request-id").orElseThrow();

        JsonNode[] lineage = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> answer = admin("GET", "/api/v1/lineage/" + requestId, null);
            lineage[0] = answer.statusCode() == 200 ? json(answer.body()) : null;
            return lineage[0] != null;
        });
        assertThat(lineage[0].path("user").asString()).isEqualTo(email);
        assertThat(lineage[0].path("model_requested").asString()).isEqualTo("gpt-4o-mini");
        JsonNode attempt = lineage[0].path("attempts").get(0);
        assertThat(attempt.path("model_served").asString()).isEqualTo("gpt-4o-mini");
        assertThat(attempt.path("provider").asString()).isEqualTo("fake-openai");
        assertThat(attempt.path("status").asInt()).isEqualTo(200);
        assertThat(attempt.path("ledger_record").asString()).isNotBlank();

        // a later module (workflows) links a pull request to the exchange through the trail
        String pullRequest = "https://github.example.com/acme/app/pull/" + unique("pr");
        trail.record(TENANT, List.of(AuditDraft.of(TENANT.value(), "workflow", "workflow.pull_request_opened", email,
                "repo:acme/app", AuditDraft.SUCCESS, Map.of("request_id", requestId, "pull_request", pullRequest,
                        "commit", "0123abc"))));

        JsonNode linked = json(admin("GET", "/api/v1/lineage/" + requestId, null).body());
        assertThat(linked.path("links").get(0).path("details").path("pull_request").asString()).isEqualTo(pullRequest);
        JsonNode reverse = json(admin("GET", "/api/v1/lineage?pull_request=" + pullRequest, null).body());
        assertThat(reverse.path("exchanges").get(0).path("request_id").asString()).isEqualTo(requestId);

        assertThat(admin("GET", "/api/v1/lineage/no-such-request", null).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/api/v1/lineage", null).statusCode()).isEqualTo(400);
    }
}
