package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The ledger's dead letters through {@code GET /api/v1/usage/rejected}, scoped like the usage API. */
class RejectedUsageApiTests extends GatewayTestBase {

    @Autowired
    UsageLedger ledger;

    @Test
    void deadLettersAreListedWithTheirReasonWithinTheCallersReach() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ledger.record(absurd("engineering-" + suffix, "engineering")).get(30, TimeUnit.SECONDS);
        ledger.record(absurd("restricted-" + suffix, "restricted")).get(30, TimeUnit.SECONDS);

        HttpResponse<String> all = admin("GET", "/api/v1/usage/rejected", null);
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(requestIds(all)).contains("engineering-" + suffix, "restricted-" + suffix);
        JsonNode first = StreamSupport.stream(json(all.body()).get("rejected").spliterator(), false)
                .filter(r -> r.get("request_id").asString().equals("engineering-" + suffix)).findFirst().orElseThrow();
        assertThat(first.get("reason").asString()).startsWith("output_tokens 100000000000000000 is outside");
        assertThat(first.at("/record/model_requested").asString()).isEqualTo("gpt-4o");
        assertThat(first.get("rejected_at").asString()).isNotBlank();

        String lead = newKey("{\"user\":\"lead-" + suffix + "@example.com\",\"team\":\"engineering\","
                + "\"roles\":[\"team_lead\"]}");
        HttpResponse<String> scoped = get(lead, "/api/v1/usage/rejected");
        assertThat(scoped.statusCode()).as(scoped.body()).isEqualTo(200);
        assertThat(requestIds(scoped)).contains("engineering-" + suffix).doesNotContain("restricted-" + suffix);

        String developer = newKey("dev-" + suffix + "@example.com", "engineering");
        HttpResponse<String> refused = get(developer, "/api/v1/usage/rejected");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).at("/error/message").asString()).isNotBlank();

        HttpResponse<String> tooMany = admin("GET", "/api/v1/usage/rejected?limit=5000", null);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany.body()).at("/error/message").asString()).contains("limit");
    }

    private HttpResponse<String> get(String key, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("authorization", "Bearer " + key)
                .GET().build());
    }

    private static java.util.List<String> requestIds(HttpResponse<String> response) {
        return StreamSupport.stream(json(response.body()).get("rejected").spliterator(), false)
                .map(r -> r.get("request_id").asString()).toList();
    }

    /** A record whose provider reported 1e17 output tokens (the gateway's own checks bypassed, as a bug might). */
    private static UsageRecord absurd(String requestId, String team) {
        return new UsageRecord(UUID.randomUUID(), "tenant-test", Instant.now(), requestId, UUID.randomUUID(),
                "someone@example.com", UUID.randomUUID(), team, "engineering", "ENG-001", null, "gpt-4o", "gpt-4o",
                "gpt-4o", "fake-openai", "/v1/chat/completions", "curl", false,
                new TokenUsage(10, 0, 0, 100_000_000_000_000_000L, 0), BigDecimal.ZERO, "USD", true, 200, null, 12,
                null, null, null, 1, false);
    }
}
