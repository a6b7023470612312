package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.gateway.wire.PromptTokens;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.testing.DefaultSpendTestBase;
import dev.aurelis.testing.FakeUpstream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Provider-reported usage is checked before it is charged: counts that are negative, beyond 2^63, or beyond the
 * output cap the provider was sent are recorded as the bounded estimate (the prompt counted locally, the output
 * counted from the answer), flagged {@code implausible_report}, never as a fortune or a 500. Budget limits out of
 * range are refused with a clear 400. Each implausible report is published as an event, which the audit trail
 * records with the provider's own figures. One token costs 0.001 USD.
 */
class PlausibleUsageTests extends DefaultSpendTestBase {

    @Test
    void aProviderReportingAQuadrillionTokensIsChargedTheBoundedEstimateAndTheBudgetStaysUsable() {
        String user = "quadrillion@spend.example";
        String key = newKey(user, "engineering");
        budget("{\"scope\":\"user\",\"subject\":\"" + user + "\",\"period\":\"monthly\",\"limit\":1}");
        FAKE.rawChatUsage("{\"prompt_tokens\":1000000000000000,\"completion_tokens\":6,\"total_tokens\":1000000000000006}");
        String body = chat("gpt-4o", false, 64);

        HttpResponse<String> response = openAi("/v1/chat/completions", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("usage_estimate").asString()).isEqualTo("implausible_report");
        assertEstimated(record, WireFormat.OPENAI_CHAT, body);
        String requestId = record.path("request_id").asString();
        eventually(() -> json(admin("GET", "/api/v1/audit?action=usage.implausible_report&target=request:" + requestId,
                null).body()).path("entries").size() == 1, "the implausible report in the audit trail");
        JsonNode entry = json(admin("GET", "/api/v1/audit?action=usage.implausible_report&target=request:" + requestId,
                null).body()).path("entries").get(0);
        assertThat(entry.path("outcome").asString()).isEqualTo("refused");
        assertThat(entry.path("details").path("reported_input_tokens").asLong()).isEqualTo(1_000_000_000_000_000L);
        assertThat(entry.path("details").path("charged_input_tokens").asLong())
                .isEqualTo(record.path("input_tokens").asLong());
        FAKE.reset();
        assertThat(openAi("/v1/chat/completions", key, body).statusCode()).as("the budget is not locked").isEqualTo(200);
    }

    @Test
    void negativeCountsAreNotCharged() {
        String key = newKey("negative@spend.example", "engineering");
        FAKE.rawChatUsage("{\"prompt_tokens\":-500,\"completion_tokens\":6,\"total_tokens\":-494}");
        String body = chat("gpt-4o", false, 64);

        HttpResponse<String> response = openAi("/v1/chat/completions", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("usage_estimate").asString()).isEqualTo("implausible_report");
        assertEstimated(record, WireFormat.OPENAI_CHAT, body);
    }

    @Test
    void countsBeyondTwoToTheSixtyThreeAreNotA500() {
        String key = newKey("huge@spend.example", "engineering");
        FAKE.rawChatUsage("{\"prompt_tokens\":18446744073709551616,\"completion_tokens\":6,\"total_tokens\":18446744073709551622}");
        String body = chat("gpt-4o", true, 64);

        HttpResponse<String> response = openAi("/v1/chat/completions", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("[DONE]").doesNotContain("\"error\"");
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("usage_estimate").asString()).isEqualTo("implausible_report");
        assertEstimated(record, WireFormat.OPENAI_CHAT, body);
    }

    @Test
    void moreOutputThanTheCapTheProviderWasSentIsNotCharged() {
        String key = newKey("overcap@spend.example", "engineering");
        FAKE.usage(10, 5000);

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("gpt-4o", false, 64));

        JsonNode record = ledgerRecord(response);
        assertThat(record.path("usage_estimate").asString()).isEqualTo("implausible_report");
        assertThat(record.path("output_tokens").asLong()).isEqualTo(PromptTokens.countText(FakeUpstream.DEFAULT_REPLY));
    }

    @Test
    void budgetLimitsOutOfRangeAreRefusedWithAClearMessage() {
        for (String limit : new String[] {"1e999999999", "1000000000001", "0.0000001"}) {
            HttpResponse<String> refused = admin("POST", "/api/v1/budgets",
                    "{\"scope\":\"team\",\"subject\":\"range\",\"period\":\"monthly\",\"limit\":" + limit + "}");
            assertThat(refused.statusCode()).as(limit + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("'limit' must be at most 1,000,000,000,000 with at most six decimal places");
        }
        HttpResponse<String> largest = admin("POST", "/api/v1/budgets",
                "{\"scope\":\"team\",\"subject\":\"range\",\"period\":\"monthly\",\"limit\":1000000000000}");
        assertThat(largest.statusCode()).as(largest.body()).isEqualTo(201);
        assertThat(json(largest.body()).path("limit").decimalValue()).isEqualByComparingTo("1000000000000");
    }

    /** The prompt as counted locally, the output as counted from the answer, priced at 0.001 USD a token. */
    private static void assertEstimated(JsonNode record, WireFormat format, String body) {
        long prompt = PromptTokens.count(format, (ObjectNode) json(body));
        long output = PromptTokens.countText(FakeUpstream.DEFAULT_REPLY);
        assertThat(record.path("input_tokens").asLong()).isEqualTo(prompt);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(output);
        assertThat(new BigDecimal(record.path("cost").asString()))
                .isEqualByComparingTo(new BigDecimal("0.001").multiply(BigDecimal.valueOf(prompt + output)));
    }
}
