package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Either client format reaches either kind of provider, and is metered the same. */
class CrossFormatTests extends GatewayTestBase {

    private static final String TOOLS = """
            "tools":[{"type":"function","function":{"name":"read_file","description":"Read a file",
              "parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}}]""";

    @Test
    void anOpenAiChatClientUsesAnAnthropicModelWithTools() {
        FAKE.toolCall("read_file", "{\"path\":\"src/Main.java\"}").usage(300, 20).cachedTokens(200);
        String key = newKey("mixed@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"claude-sonnet-4-5","messages":[{"role":"system","content":"You are a coding agent"},
                 {"role":"user","content":"Open the main class"}],%s}""".formatted(TOOLS));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode choice = json(response.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("function").path("name").asString()).isEqualTo("read_file");
        assertThat(json(call.path("function").path("arguments").asString()).path("path").asString()).isEqualTo("src/Main.java");

        JsonNode sent = FAKE.lastRequest().body();
        assertThat(FAKE.lastRequest().path()).isEqualTo("/v1/messages");
        assertThat(sent.path("system").toString()).contains("You are a coding agent");
        assertThat(sent.path("tools").get(0).path("input_schema").path("required").get(0).asString()).isEqualTo("path");
        assertThat(sent.path("max_tokens").asInt()).isPositive();

        JsonNode record = ledgerRecord(response);
        assertThat(record.path("provider").asString()).isEqualTo("fake-anthropic");
        assertThat(record.path("input_tokens").asLong()).isEqualTo(500);
        assertThat(record.path("cached_tokens").asLong()).isEqualTo(200);
        // 300 × 3.00 + 200 × 0.30 + 20 × 15.00 per million
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.00126");
    }

    @Test
    void anOpenAiChatClientStreamsFromAnAnthropicModelAndIsChargedTheSame() {
        FAKE.reply("streamed through translation").usage(300, 20).cachedTokens(200);
        String key = newKey("mixed@example.com", "engineering");
        String request = """
                {"model":"claude-sonnet-4-5","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Hi"}]}""";

        HttpResponse<String> response = openAi("/v1/chat/completions", key, request);

        List<String[]> events = events(response.body());
        assertThat(events.getLast()[1]).isEqualTo("[DONE]");
        String text = events.stream().filter(e -> !e[1].equals("[DONE]"))
                .map(e -> json(e[1]).path("choices").path(0).path("delta").path("content").asString(""))
                .reduce("", String::concat);
        assertThat(text).isEqualTo("streamed through translation");
        JsonNode usage = json(events.get(events.size() - 2)[1]).path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(500);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(20);
        assertThat(new BigDecimal(ledgerRecord(response).path("cost").asString())).isEqualByComparingTo("0.00126");
    }

    @Test
    void anAnthropicClientStreamsFromAnOpenAiModelWithToolUse() {
        FAKE.toolCall("read_file", "{\"path\":\"README.md\"}").usage(90, 12);
        String key = newKey("mixed@example.com", "engineering");

        HttpResponse<String> response = anthropic("/v1/messages", key, """
                {"model":"gpt-4o-mini","max_tokens":256,"stream":true,
                 "tools":[{"name":"read_file","description":"Read a file",
                   "input_schema":{"type":"object","properties":{"path":{"type":"string"}}}}],
                 "messages":[{"role":"user","content":"Read the readme"}]}""");

        List<String[]> events = events(response.body());
        assertThat(events.getFirst()[0]).isEqualTo("message_start");
        assertThat(events.getLast()[0]).isEqualTo("message_stop");
        assertThat(events).anyMatch(e -> "content_block_start".equals(e[0])
                && json(e[1]).path("content_block").path("type").asString().equals("tool_use"));
        String arguments = events.stream().filter(e -> "content_block_delta".equals(e[0]))
                .map(e -> json(e[1]).path("delta").path("partial_json").asString(""))
                .reduce("", String::concat);
        assertThat(json(arguments).path("path").asString()).isEqualTo("README.md");
        JsonNode stop = events.stream().filter(e -> "message_delta".equals(e[0])).map(e -> json(e[1])).findFirst().orElseThrow();
        assertThat(stop.path("delta").path("stop_reason").asString()).isEqualTo("tool_use");

        assertThat(FAKE.lastRequest().body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("input_tokens").asLong()).isEqualTo(90);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(12);
    }

    @Test
    void passesImagesToAnAnthropicModel() {
        String key = newKey("mixed@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[
                  {"type":"text","text":"What is in this screenshot?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode image = FAKE.lastRequest().body().path("messages").get(0).path("content").get(1);
        assertThat(image.path("type").asString()).isEqualTo("image");
        assertThat(image.path("source").path("type").asString()).isEqualTo("base64");
        assertThat(image.path("source").path("media_type").asString()).isEqualTo("image/png");
    }
}
