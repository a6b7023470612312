package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.DefaultSpendTestBase;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The ledger compared with a provider's own usage report, in the shapes OpenAI's Usage API and Anthropic's usage
 * report document (and as CSV), by UTC day and model: lines that agree, and every difference listed.
 */
class ReconciliationTests extends DefaultSpendTestBase {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Test
    void anOpenAiUsageReportThatAgreesWithTheLedgerMatchesAndDifferencesAreListed() {
        String key = newKey("reconcile-openai@spend.example", "engineering");
        FAKE.usage(10, 6).cachedTokens(4).servedModel("gpt-4o-reconcile-1");
        for (int i = 0; i < 2; i++) {
            assertThat(openAi("/v1/chat/completions", key, chat("gpt-4o", false, 16)).statusCode()).isEqualTo(200);
        }
        long start = TODAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String export = """
                {"object":"page","data":[{"object":"bucket","start_time":%1$d,"end_time":%2$d,"results":[
                  {"object":"organization.usage.completions.result","input_tokens":20,"output_tokens":12,
                   "input_cached_tokens":8,"num_model_requests":2,"model":"gpt-4o-reconcile-1"},
                  {"object":"organization.usage.completions.result","input_tokens":500,"output_tokens":50,
                   "input_cached_tokens":0,"num_model_requests":3,"model":"gpt-4o-billed-but-not-served-here"}]}],
                 "has_more":false,"next_page":null}""".formatted(start, start + 86_400);

        HttpResponse<String> response = admin("POST", "/api/v1/reports/reconcile?provider=openai", export);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response.body());
        assertThat(report.path("from").asString()).isEqualTo(TODAY.toString());
        JsonNode agreed = line(report, "gpt-4o-reconcile-1");
        assertThat(agreed.path("matches").asBoolean()).as(agreed.toString()).isTrue();
        assertThat(agreed.path("ledger").path("input_tokens").asLong()).isEqualTo(20);
        assertThat(agreed.path("ledger").path("requests").asLong()).isEqualTo(2);
        JsonNode missing = line(report, "gpt-4o-billed-but-not-served-here");
        assertThat(missing.path("matches").asBoolean()).isFalse();
        assertThat(missing.path("ledger").path("input_tokens").asLong()).isZero();
        assertThat(missing.path("provider").path("input_tokens").asLong()).isEqualTo(500);
        assertThat(report.path("differences").asInt()).isPositive();
    }

    @Test
    void anAnthropicUsageReportCountsCacheReadsAndWritesAsTheLedgerDoes() {
        String key = newKey("reconcile-anthropic@spend.example", "engineering");
        FAKE.usage(10, 6).cachedTokens(4).cacheCreationTokens(3).servedModel("claude-reconcile-1");
        for (int i = 0; i < 2; i++) {
            assertThat(anthropic("/v1/messages", key, message("claude-sonnet-4-5", false, 16)).statusCode()).isEqualTo(200);
        }
        String export = """
                {"data":[{"starting_at":"%1$sT00:00:00Z","ending_at":"%2$sT00:00:00Z","results":[
                  {"uncached_input_tokens":20,"cache_read_input_tokens":8,
                   "cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":6},
                   "output_tokens":11,"model":"claude-reconcile-1","service_tier":"standard"}]}],
                 "has_more":false,"next_page":null}""".formatted(TODAY, TODAY.plusDays(1));

        JsonNode report = json(admin("POST", "/api/v1/reports/reconcile?provider=anthropic", export).body());

        JsonNode line = line(report, "claude-reconcile-1");
        assertThat(line.path("ledger").path("input_tokens").asLong()).isEqualTo(34);
        assertThat(line.path("provider").path("input_tokens").asLong()).isEqualTo(34);
        assertThat(line.path("provider").path("cached_tokens").asLong()).isEqualTo(8);
        assertThat(line.path("provider").path("requests").isNumber()).as("Anthropic's report counts no requests").isFalse();
        // the provider billed 11 output tokens where the ledger has 12: a difference to look into
        assertThat(line.path("ledger").path("output_tokens").asLong()).isEqualTo(12);
        assertThat(line.path("matches").asBoolean()).isFalse();
    }

    @Test
    void aCsvExportIsReadByItsHeaderAndBadExportsAreRefusedClearly() {
        String key = newKey("reconcile-csv@spend.example", "engineering");
        FAKE.usage(10, 6).servedModel("gpt-4o-reconcile-csv");
        assertThat(openAi("/v1/chat/completions", key, chat("gpt-4o", false, 16)).statusCode()).isEqualTo(200);
        String csv = "date,model,num_model_requests,input_tokens,input_cached_tokens,output_tokens\\n"
                + TODAY + ",gpt-4o-reconcile-csv,1,10,0,6\\n";

        JsonNode report = json(admin("POST", "/api/v1/reports/reconcile?provider=openai", "{\"csv\":\"" + csv + "\"}").body());

        assertThat(line(report, "gpt-4o-reconcile-csv").path("matches").asBoolean()).isTrue();
        HttpResponse<String> noBuckets = admin("POST", "/api/v1/reports/reconcile?provider=openai", "{\"rows\":[]}");
        assertThat(noBuckets.statusCode()).isEqualTo(400);
        assertThat(noBuckets.body()).contains("no 'data' list of buckets");
        HttpResponse<String> unknown = admin("POST", "/api/v1/reports/reconcile?provider=mistral", "{\"data\":[]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("'provider' must be openai or anthropic");
    }

    private static JsonNode line(JsonNode report, String model) {
        for (JsonNode line : report.path("lines")) {
            if (model.equals(line.path("model").asString()) && TODAY.toString().equals(line.path("day").asString())) {
                return line;
            }
        }
        throw new AssertionError("no line for " + model + " in " + report);
    }
}
