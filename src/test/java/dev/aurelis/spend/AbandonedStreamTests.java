package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.gateway.wire.PromptTokens;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.testing.DefaultSpendTestBase;
import dev.aurelis.testing.Fault;
import dev.aurelis.testing.StreamGate;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stream that ends early, because the client hung up or the provider broke off, is charged for the prompt and
 * for the output the provider generated: read from the provider's usage report when it still arrives, else counted
 * from the deltas read (marked as an estimate with its reason); never recorded as free. The same in both wire
 * formats and both translation directions, and budgets settle on it. Prices: one token costs 0.001 USD.
 */
class AbandonedStreamTests extends DefaultSpendTestBase {

    /** 135 words of plain English, streamed as one delta per word. */
    private static final String LONG_REPLY = "The quick brown fox jumps over the lazy dog. ".repeat(15).strip();
    private static final Pattern WORD = Pattern.compile("\\S+\\s*|\\s+");
    /** A pause between the provider's events, so that the gateway's writes to a client that hung up fail in time. */
    private static final Duration PACE = Duration.ofMillis(5);

    @Test
    void anOpenAiStreamTheProviderBreaksOffIsChargedForThePromptAndTheDeltasRead() {
        String user = "broken-openai@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = userBudget(user);
        FAKE.reply(LONG_REPLY).usage(10, 500).failNext(Fault.dropMidStream(21));
        String body = chat("house-model", true, 1000);

        HttpResponse<String> response = openAi("/v1/chat/completions", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"error\"");
        JsonNode record = ledgerRecord(response);
        // the role chunk, then 20 words; no usage report: the prompt is counted locally
        assertThat(record.path("usage_estimate").asString()).isEqualTo("provider_broke_off");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(localPrompt(WireFormat.OPENAI_CHAT, body));
        assertThat(record.path("output_tokens").asLong()).isEqualTo(tokensOfWords(20)).isPositive();
        assertCharged(record, budget);
    }

    @Test
    void anAnthropicStreamTheProviderBreaksOffKeepsThePromptItReportedAndCountsTheOutput() {
        String user = "broken-anthropic@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = userBudget(user);
        FAKE.reply(LONG_REPLY).usage(37, 500).failNext(Fault.dropMidStream(23));

        HttpResponse<String> response = anthropic("/v1/messages", key, message("claude-sonnet-4-5", true, 1000));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = ledgerRecord(response);
        // message_start (37 input, 1 output), content_block_start, ping, then 20 words
        assertThat(record.path("usage_estimate").asString()).isEqualTo("provider_broke_off");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(37);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(tokensOfWords(20)).isGreaterThan(1);
        assertCharged(record, budget);
    }

    @Test
    void translatedStreamsTheProviderBreaksOffAreChargedInBothDirections() {
        String user = "broken-translated@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = userBudget(user);

        FAKE.reply(LONG_REPLY).usage(41, 500).failNext(Fault.dropMidStream(13));
        HttpResponse<String> openAiClient = openAi("/v1/chat/completions", key, chat("claude-sonnet-4-5", true, 1000));
        JsonNode fromAnthropic = ledgerRecord(openAiClient);
        assertThat(fromAnthropic.path("usage_estimate").asString()).isEqualTo("provider_broke_off");
        assertThat(fromAnthropic.path("input_tokens").asLong()).isEqualTo(41);
        assertThat(fromAnthropic.path("output_tokens").asLong()).isEqualTo(tokensOfWords(10));

        FAKE.reset();
        FAKE.reply(LONG_REPLY).usage(41, 500).failNext(Fault.dropMidStream(11));
        String body = message("house-model", true, 1000);
        HttpResponse<String> anthropicClient = anthropic("/v1/messages", key, body);
        JsonNode fromOpenAi = ledgerRecord(anthropicClient);
        assertThat(fromOpenAi.path("usage_estimate").asString()).isEqualTo("provider_broke_off");
        assertThat(fromOpenAi.path("input_tokens").asLong()).isEqualTo(localPrompt(WireFormat.ANTHROPIC_MESSAGES, body));
        assertThat(fromOpenAi.path("output_tokens").asLong()).isEqualTo(tokensOfWords(10));

        BigDecimal both = new BigDecimal(fromAnthropic.path("cost").asString()).add(new BigDecimal(fromOpenAi.path("cost").asString()));
        assertThat(spent(budget)).isEqualByComparingTo(both);
    }

    @Test
    void aResponsesApiStreamTheProviderBreaksOffIsChargedToo() {
        String user = "broken-responses@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = userBudget(user);
        // response.created, response.in_progress, output_item.added, content_part.added, then 10 words
        FAKE.reply(LONG_REPLY).usage(10, 500).failNext(Fault.dropMidStream(14));
        String body = "{\"model\":\"house-model\",\"stream\":true,\"max_output_tokens\":1000,\"input\":\"hi\"}";

        HttpResponse<String> response = openAi("/v1/responses", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("usage_estimate").asString()).isEqualTo("provider_broke_off");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(localPrompt(WireFormat.OPENAI_RESPONSES, body));
        assertThat(record.path("output_tokens").asLong()).isEqualTo(tokensOfWords(10));
        assertCharged(record, budget);
    }

    @Test
    void anAnswerWithoutAUsageReportIsChargedTheEstimateNotNothing() {
        String user = "unreported@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = userBudget(user);
        FAKE.rawChatUsage("{}");
        String body = chat("house-model", false, 1000);

        HttpResponse<String> response = openAi("/v1/chat/completions", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("usage_estimate").asString()).isEqualTo("not_reported");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(localPrompt(WireFormat.OPENAI_CHAT, body));
        assertThat(record.path("output_tokens").asLong())
                .isEqualTo(PromptTokens.countText(dev.aurelis.testing.FakeUpstream.DEFAULT_REPLY)).isPositive();
        assertCharged(record, budget);
    }

    @Test
    void anOpenAiClientThatHangsUpIsChargedForWhatTheProviderGeneratedUntilItBrokeOff() throws Exception {
        String user = "gone-openai@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = userBudget(user);
        // held after the role chunk and 4 words; once released, 30 more words, then the connection drops
        StreamGate gate = FAKE.reply(LONG_REPLY).usage(10, 500).streamEventDelay(PACE).holdStreamsAfter(5);
        FAKE.failNext(Fault.dropMidStream(35));
        String body = chat("house-model", true, 1000);

        String requestId = hangUpAfterFirstWords(openAiRequest(key, body), gate);

        JsonNode record = awaitRecord(requestId);
        assertThat(record.path("status").asInt()).isEqualTo(499);
        assertThat(record.path("usage_estimate").asString()).isEqualTo("client_closed");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(localPrompt(WireFormat.OPENAI_CHAT, body));
        assertThat(record.path("output_tokens").asLong()).isEqualTo(tokensOfWords(34));
        assertCharged(record, budget);
    }

    @Test
    void anAnthropicClientThatHangsUpIsChargedForWhatTheProviderGeneratedUntilItBrokeOff() throws Exception {
        String user = "gone-anthropic@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = userBudget(user);
        // message_start, content_block_start, ping and 4 words; then 30 more events before the connection drops
        StreamGate gate = FAKE.reply(LONG_REPLY).usage(12, 500).streamEventDelay(PACE).holdStreamsAfter(7);
        FAKE.failNext(Fault.dropMidStream(37));

        String requestId = hangUpAfterFirstWords(anthropicRequest(key, message("claude-sonnet-4-5", true, 1000)), gate);

        JsonNode record = awaitRecord(requestId);
        assertThat(record.path("status").asInt()).isEqualTo(499);
        assertThat(record.path("usage_estimate").asString()).isEqualTo("client_closed");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(12);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(tokensOfWords(34));
        assertCharged(record, budget);
    }

    @Test
    void whenTheProviderStillReportsUsageAfterTheClientHungUpItsExactFiguresAreRecorded() throws Exception {
        String user = "gone-exact@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = userBudget(user);
        StreamGate gate = FAKE.reply(LONG_REPLY).usage(10, 140).streamEventDelay(PACE).holdStreamsAfter(5);

        String requestId = hangUpAfterFirstWords(openAiRequest(key, chat("house-model", true, 1000)), gate);

        JsonNode record = awaitRecord(requestId);
        assertThat(record.path("status").asInt()).isEqualTo(499);
        assertThat(record.path("error_type").asString()).isEqualTo("client_closed");
        assertThat(record.path("usage_estimate").isNull() || record.path("usage_estimate").isMissingNode()).isTrue();
        assertThat(record.path("input_tokens").asLong()).isEqualTo(10);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(140);
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.15");
        assertCharged(record, budget);
    }

    @Test
    void aHardBudgetAttackedWithAbandonedStreamsIsSpentAndNeverOvershot() throws Exception {
        String user = "abandoner@spend.example";
        String key = newKey(user, "engineering");
        JsonNode budget = budget("{\"scope\":\"user\",\"subject\":\"" + user + "\",\"period\":\"monthly\",\"limit\":0.3,\"hard_limit\":true}");
        FAKE.reply(LONG_REPLY).usage(10, 30).streamEventDelay(PACE);

        int refusedAt = -1;
        for (int i = 0; i < 40 && refusedAt < 0; i++) {
            StreamGate gate = FAKE.holdStreamsAfter(5);
            HttpResponse<InputStream> response = HTTP.send(openAiRequest(key, chat("house-model", true, 30)),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 429) {
                refusedAt = i;
                String error = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(json(error).path("error").path("code").asString()).isEqualTo("budget_exceeded");
                gate.release();
                break;
            }
            String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
            readUntilWordsThenHangUp(response, gate);
            awaitRecord(requestId);
        }

        assertThat(refusedAt).as("abandoned streams must use up the budget").isPositive();
        BigDecimal ledger = ledgerCostOfUser(user);
        assertThat(ledger).isPositive().isLessThanOrEqualTo(new BigDecimal("0.3"));
        assertThat(spent(budget)).isEqualByComparingTo(ledger);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode userBudget(String user) {
        return budget("{\"scope\":\"user\",\"subject\":\"" + user + "\",\"period\":\"monthly\",\"limit\":100}");
    }

    private BigDecimal spent(JsonNode budget) {
        JsonNode status = json(admin("GET", "/api/v1/budgets/" + budget.path("id").asString(), null).body());
        return status.path("current").path("spent").decimalValue();
    }

    /** The record costs its tokens at 0.001 USD each, and the budget was charged that. */
    private void assertCharged(JsonNode record, JsonNode budget) {
        long tokens = record.path("input_tokens").asLong() + record.path("output_tokens").asLong();
        BigDecimal cost = new BigDecimal(record.path("cost").asString());
        assertThat(cost).isEqualByComparingTo(new BigDecimal("0.001").multiply(BigDecimal.valueOf(tokens)));
        eventually(() -> spent(budget).compareTo(cost) == 0, "the budget to be charged " + cost);
    }

    private static long localPrompt(WireFormat format, String body) {
        return PromptTokens.count(format, (ObjectNode) json(body));
    }

    /** Tokens of the reply's first {@code words} deltas, as the gateway counts them. */
    private static long tokensOfWords(int words) {
        Matcher m = WORD.matcher(LONG_REPLY);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words && m.find(); i++) {
            text.append(m.group());
        }
        return PromptTokens.countText(text.toString());
    }

    private HttpRequest openAiRequest(String key, String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest anthropicRequest(String key, String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Starts the stream, reads until the first words arrived, hangs up, then lets the provider go on. */
    private String hangUpAfterFirstWords(HttpRequest request, StreamGate gate) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        readUntilWordsThenHangUp(response, gate);
        return requestId;
    }

    private static void readUntilWordsThenHangUp(HttpResponse<InputStream> response, StreamGate gate) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.contains("fox")) {
                    break;
                }
            }
        }
        assertThat(lines).as("the first words before hanging up").anyMatch(l -> l.contains("fox"));
        gate.release();
    }

    private JsonNode awaitRecord(String requestId) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        eventually(() -> {
            JsonNode records = json(admin("GET", "/api/v1/usage?request_id=" + requestId, null).body()).path("records");
            if (records.size() == 1) {
                found.set(records.get(0));
                return true;
            }
            return false;
        }, "the ledger record of " + requestId);
        return found.get();
    }
}
