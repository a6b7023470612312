package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.RecordedRequest;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiEndpointsTests extends GatewayTestBase {

    private static final String CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Write a haiku about tests"}],
             "temperature":0.25,"x_vendor_extension":{"keep":"me"}}""";

    @Test
    void relaysANonStreamedChatCompletionAndMetersItExactly() {
        FAKE.reply("Green bars at dawn").usage(1200, 300).cachedTokens(1000);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, CHAT, "user-agent", "QwenCode/0.15.0 (linux; x64)");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("content").asString()).isEqualTo("Green bars at dawn");

        RecordedRequest sent = FAKE.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + OPENAI_UPSTREAM_KEY);
        assertThat(sent.body().path("x_vendor_extension").path("keep").asString()).isEqualTo("me");
        assertThat(sent.bodyText()).contains("0.25");

        JsonNode record = ledgerRecord(response);
        assertThat(record.path("user").asString()).isEqualTo("ada@example.com");
        assertThat(record.path("team").asString()).isEqualTo("engineering");
        assertThat(record.path("department").asString()).isEqualTo("engineering");
        assertThat(record.path("cost_center").asString()).isEqualTo("ENG-001");
        assertThat(record.path("model_served").asString()).isEqualTo("gpt-4o-mini");
        assertThat(record.path("provider").asString()).isEqualTo("fake-openai");
        assertThat(record.path("client_tool").asString()).isEqualTo("qwen-code");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(1200);
        assertThat(record.path("cached_tokens").asLong()).isEqualTo(1000);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(300);
        assertThat(record.path("priced").asBoolean()).isTrue();
        // 200 × 0.15 + 1000 × 0.075 + 300 × 0.60 per million = 0.000285
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.000285");
        assertThat(record.path("status").asInt()).isEqualTo(200);
        assertThat(record.path("streamed").asBoolean()).isFalse();
    }

    @Test
    void rewritesTheModelToTheProvidersOwnId() {
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key,
                CHAT.replace("gpt-4o-mini", "gpt-4o"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(FAKE.lastRequest().model()).isEqualTo("gpt-4o-2024-08-06");
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("model_requested").asString()).isEqualTo("gpt-4o");
        assertThat(record.path("provider_model").asString()).isEqualTo("gpt-4o-2024-08-06");
        // gpt-4o's built-in price: 10 input × 2.50 + 6 output × 10.00 per million
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.000085");
    }

    @Test
    void streamsChatWithoutTheUsageChunkTheClientDidNotAskFor() {
        FAKE.reply("one two three four").usage(40, 12);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key,
                CHAT.replace("\"temperature\"", "\"stream\":true,\"temperature\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(FAKE.lastRequest().body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        List<String[]> events = events(response.body());
        assertThat(events.getLast()[1]).isEqualTo("[DONE]");
        String content = events.stream().filter(e -> !e[1].equals("[DONE]"))
                .map(e -> json(e[1]).path("choices").path(0).path("delta").path("content").asString(""))
                .reduce("", String::concat);
        assertThat(content).isEqualTo("one two three four");
        assertThat(events).noneMatch(e -> !e[1].equals("[DONE]") && json(e[1]).path("usage").isObject());

        JsonNode record = ledgerRecord(response);
        assertThat(record.path("streamed").asBoolean()).isTrue();
        assertThat(record.path("input_tokens").asLong()).isEqualTo(40);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(12);
        assertThat(record.path("first_token_ms").isNumber()).isTrue();
    }

    @Test
    void streamsChatWithTheUsageChunkWhenTheClientAskedForIt() {
        FAKE.usage(40, 12);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, CHAT.replace("\"temperature\"",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"temperature\""));

        List<String[]> events = events(response.body());
        JsonNode usageChunk = json(events.get(events.size() - 2)[1]);
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(40);
        assertThat(FAKE.lastRequest().bodyText()).isEqualTo(CHAT.replace("\"temperature\"",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"temperature\""));
    }

    @Test
    void streamedAndNonStreamedExchangesCostTheSameForTheSameUsage() {
        FAKE.usage(5000, 700).cachedTokens(2000);
        String key = newKey("ada@example.com", "engineering");

        JsonNode plain = ledgerRecord(openAi("/v1/chat/completions", key, CHAT));
        JsonNode streamed = ledgerRecord(openAi("/v1/chat/completions", key,
                CHAT.replace("\"temperature\"", "\"stream\":true,\"temperature\"")));

        assertThat(new BigDecimal(streamed.path("cost").asString()))
                .isEqualByComparingTo(new BigDecimal(plain.path("cost").asString()))
                .isEqualByComparingTo("0.00102");
    }

    @Test
    void passesFillInTheMiddleCompletionsThrough() {
        FAKE.usage(30, 9);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/completions", key, """
                {"model":"gpt-4o-mini","prompt":"def add(a, b):\\n    ","suffix":"\\n\\nprint(add(1, 2))","max_tokens":32}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).path("object").asString()).isEqualTo("text_completion");
        assertThat(FAKE.lastRequest().path()).isEqualTo("/v1/completions");
        assertThat(FAKE.lastRequest().body().path("suffix").asString()).isEqualTo("\n\nprint(add(1, 2))");
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("endpoint").asString()).isEqualTo("/v1/completions");
        assertThat(record.path("output_tokens").asLong()).isEqualTo(9);
    }

    @Test
    void streamsCompletions() {
        FAKE.usage(30, 9);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/completions", key, """
                {"model":"gpt-4o-mini","prompt":"def add(a, b):","suffix":"return","stream":true}""");

        assertThat(events(response.body()).getLast()[1]).isEqualTo("[DONE]");
        assertThat(ledgerRecord(response).path("input_tokens").asLong()).isEqualTo(30);
    }

    @Test
    void servesBase64EmbeddingsAndMetersThem() {
        FAKE.usage(8, 0);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/embeddings", key, """
                {"model":"text-embedding-3-small","input":["alpha","beta"],"encoding_format":"base64"}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.path("data").get(0).path("embedding").isString()).isTrue();
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("input_tokens").asLong()).isEqualTo(8);
        // 8 × 0.02 per million
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.00000016");
    }

    @Test
    void servesTheResponsesApiStreamedAndNot() {
        FAKE.reply("Patched the bug").usage(900, 40).cachedTokens(100).reasoningTokens(16);
        String key = newKey("ada@example.com", "engineering");
        String request = """
                {"model":"gpt-4o","input":"Fix the failing test","instructions":"You are Codex","store":false}""";

        HttpResponse<String> plain = openAi("/v1/responses", key, request);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(json(plain.body()).path("object").asString()).isEqualTo("response");
        assertThat(FAKE.lastRequest().path()).isEqualTo("/v1/responses");

        HttpResponse<String> streamed = openAi("/v1/responses", key,
                request.replace("\"store\":false", "\"store\":false,\"stream\":true"),
                "originator", "codex_cli_rs", "user-agent", "codex_cli_rs/0.169.0");
        List<String[]> events = events(streamed.body());
        assertThat(events.getLast()[0]).isEqualTo("response.completed");

        JsonNode record = ledgerRecord(streamed);
        assertThat(record.path("client_tool").asString()).isEqualTo("codex");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(900);
        assertThat(record.path("cached_tokens").asLong()).isEqualTo(100);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(40);
        assertThat(record.path("reasoning_tokens").asLong()).isEqualTo(16);
        assertThat(record.path("cost").asString()).isEqualTo(ledgerRecord(plain).path("cost").asString());
    }

    @Test
    void listsOnlyTheModelsTheCallersTeamMayUse() {
        String open = newKey("ada@example.com", "engineering");
        String restricted = newKey("rex@example.com", "restricted");

        JsonNode all = json(send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("authorization", "Bearer " + open).build()).body());
        JsonNode limited = json(send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("authorization", "Bearer " + restricted).build()).body());

        assertThat(all.path("object").asString()).isEqualTo("list");
        assertThat(all.path("data").valueStream().map(m -> m.path("id").asString()))
                .contains("gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "codestral-2501");
        assertThat(limited.path("data").valueStream().map(m -> m.path("id").asString())).containsExactly("gpt-4o-mini");
    }

    @Test
    void flagsAModelWithoutAPriceAsUnpricedInsteadOfFree() {
        FAKE.usage(100, 50);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, CHAT.replace("gpt-4o-mini", "house-model"));

        JsonNode record = ledgerRecord(response);
        assertThat(record.path("priced").asBoolean()).isFalse();
        assertThat(record.path("input_tokens").asLong()).isEqualTo(100);
        HttpResponse<String> totals = admin("GET", "/api/v1/usage?model=house-model&limit=0", null);
        assertThat(json(totals.body()).path("totals").path("unpriced_requests").asLong()).isGreaterThanOrEqualTo(1);
    }
}
