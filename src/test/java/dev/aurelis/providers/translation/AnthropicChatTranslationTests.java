package dev.aurelis.providers.translation;

import static dev.aurelis.providers.translation.Fixtures.chatChunks;
import static dev.aurelis.providers.translation.Fixtures.data;
import static dev.aurelis.providers.translation.Fixtures.json;
import static dev.aurelis.providers.translation.Fixtures.names;
import static dev.aurelis.providers.translation.Fixtures.reread;
import static dev.aurelis.providers.translation.Fixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.Translation;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An Anthropic Messages client (Claude Code, say) served by an OpenAI Chat Completions provider. */
class AnthropicChatTranslationTests {

    private final Translation translation = Translations.between(WireFormat.ANTHROPIC_MESSAGES, WireFormat.OPENAI_CHAT);

    /** A multi-turn tool conversation in the shape of Anthropic's tool use guide, with cached system blocks. */
    private static final String WEATHER_CONVERSATION = """
            {
              "model": "gpt-4.1",
              "max_tokens": 1024,
              "system": [
                {"type": "text", "text": "You are a weather assistant."},
                {"type": "text", "text": "Be concise.", "cache_control": {"type": "ephemeral"}}
              ],
              "tools": [
                {
                  "name": "get_weather",
                  "description": "Get the current weather in a given location",
                  "input_schema": {
                    "type": "object",
                    "properties": {
                      "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                      "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
                    },
                    "required": ["location"]
                  }
                },
                {"type": "web_search_20250305", "name": "web_search", "max_uses": 5}
              ],
              "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
              "messages": [
                {"role": "user", "content": "What's the weather like in San Francisco?"},
                {"role": "assistant", "content": [
                  {"type": "thinking", "thinking": "I should call the tool.", "signature": "EqQBCgIYAhIM"},
                  {"type": "text", "text": "I'll check the current weather in San Francisco for you."},
                  {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                   "input": {"location": "San Francisco, CA", "unit": "celsius"}}
                ]},
                {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees"},
                  {"type": "text", "text": "And what should I wear?"}
                ]}
              ],
              "temperature": 0.5,
              "top_p": 0.8,
              "stop_sequences": ["END"],
              "metadata": {"user_id": "13803d75-b4b5-4c3e-b2a2-6f21399b021b"},
              "stream": true
            }
            """;

    @Test
    void systemBlocksBecomeOneSystemMessage() {
        JsonNode first = translation.request(json(WEATHER_CONVERSATION)).get("messages").get(0);

        assertThat(first).isEqualTo(json("{\"role\": \"system\", \"content\": \"You are a weather assistant.\\n\\nBe concise.\"}"));
    }

    @Test
    void toolUseAndToolResultsBecomeToolCallsAndToolMessages() {
        JsonNode messages = translation.request(json(WEATHER_CONVERSATION)).get("messages");

        assertThat(messages.findValues("role")).extracting(JsonNode::stringValue)
                .containsExactly("system", "user", "assistant", "tool", "user");
        JsonNode assistant = messages.get(2);
        assertThat(assistant.get("content").stringValue()).isEqualTo("I'll check the current weather in San Francisco for you.");
        JsonNode call = assistant.get("tool_calls").get(0);
        assertThat(call.get("id").stringValue()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(call.get("type").stringValue()).isEqualTo("function");
        assertThat(call.get("function").get("name").stringValue()).isEqualTo("get_weather");
        assertThat(json(call.get("function").get("arguments").stringValue()))
                .isEqualTo(json("{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\"}"));
        assertThat(messages.get(3)).isEqualTo(json("""
                {"role": "tool", "tool_call_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees"}"""));
        assertThat(messages.get(4)).isEqualTo(json("{\"role\": \"user\", \"content\": \"And what should I wear?\"}"));
    }

    @Test
    void thinkingBlocksAreDroppedOnTheWayToOpenAi() {
        assertThat(translation.request(json(WEATHER_CONVERSATION)).toString())
                .doesNotContain("I should call the tool").doesNotContain("signature");
    }

    @Test
    void customToolsBecomeFunctionsAndServerToolsAreDropped() {
        ObjectNode request = translation.request(json(WEATHER_CONVERSATION));

        assertThat(request.get("tools")).hasSize(1);
        JsonNode function = request.get("tools").get(0).get("function");
        assertThat(request.get("tools").get(0).get("type").stringValue()).isEqualTo("function");
        assertThat(function.get("name").stringValue()).isEqualTo("get_weather");
        assertThat(function.get("description").stringValue()).isEqualTo("Get the current weather in a given location");
        assertThat(function.get("parameters")).isEqualTo(json(WEATHER_CONVERSATION).get("tools").get(0).get("input_schema"));
        assertThat(request.get("tool_choice").stringValue()).isEqualTo("required");
        assertThat(request.get("parallel_tool_calls").booleanValue()).isFalse();
    }

    @Test
    void limitsSamplingStopStreamAndUserAreMapped() {
        ObjectNode request = translation.request(json(WEATHER_CONVERSATION));

        assertThat(request.get("model").stringValue()).isEqualTo("gpt-4.1");
        assertThat(request.get("max_completion_tokens").asInt()).isEqualTo(1024);
        assertThat(request.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(request.get("top_p").asDouble()).isEqualTo(0.8);
        assertThat(request.get("stop")).isEqualTo(json("{\"s\": [\"END\"]}").get("s"));
        assertThat(request.get("user").stringValue()).isEqualTo("13803d75-b4b5-4c3e-b2a2-6f21399b021b");
        assertThat(request.get("stream").booleanValue()).isTrue();
        assertThat(request.get("stream_options").get("include_usage").booleanValue()).isTrue();
    }

    @Test
    void theTranslatedRequestIsAValidChatRequest() {
        assertThat(Sdks.chatRequest(translation.request(json(WEATHER_CONVERSATION))).messages()).hasSize(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"auto"}                      | "auto"
            {"type":"none"}                      | "none"
            {"type":"any"}                       | "required"
            {"type":"tool","name":"get_weather"} | {"type":"function","function":{"name":"get_weather"}}
            """)
    void toolChoiceMapsToOpenAisToolChoice(String anthropic, String openAi) {
        ObjectNode request = json(WEATHER_CONVERSATION);
        request.set("tool_choice", json(anthropic));

        assertThat(translation.request(request).get("tool_choice")).isEqualTo(json("{\"c\": %s}".formatted(openAi)).get("c"));
        assertThat(translation.request(request).has("parallel_tool_calls")).isFalse();
    }

    @Test
    void imageBlocksBecomeImageUrlPartsWithDataOrHttpUrls() {
        ObjectNode request = translation.request(json("""
                {"model": "m", "max_tokens": 100, "messages": [{"role": "user", "content": [
                  {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg=="}},
                  {"type": "image", "source": {"type": "url", "url": "https://upload.wikimedia.org/ant.jpg"}},
                  {"type": "text", "text": "Compare these images."}
                ]}]}"""));

        assertThat(request.get("messages").get(0).get("content")).isEqualTo(json("""
                {"c": [
                  {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQSkZJRg=="}},
                  {"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/ant.jpg"}},
                  {"type": "text", "text": "Compare these images."}
                ]}""").get("c"));
    }

    @Test
    void imagesReturnedByAToolFollowTheToolMessage() {
        JsonNode messages = translation.request(json("""
                {"model": "m", "max_tokens": 100, "messages": [
                  {"role": "user", "content": "Take a screenshot"},
                  {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "screenshot", "input": {}}]},
                  {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": [
                    {"type": "text", "text": "Here it is"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}
                  ]}]}
                ]}""")).get("messages");

        assertThat(messages.get(1).get("content").isNull()).isTrue();
        assertThat(json(messages.get(1).get("tool_calls").get(0).get("function").get("arguments").stringValue())).isEmpty();
        assertThat(messages.get(2).get("content").stringValue()).isEqualTo("Here it is");
        assertThat(messages.get(3).get("content").get(0).get("image_url").get("url").stringValue())
                .isEqualTo("data:image/png;base64,iVBORw0KGgo=");
    }

    /** A chat completion with a tool call and cached prompt tokens, as OpenAI documents it. */
    private static final String TOOL_CALL_COMPLETION = """
            {
              "id": "chatcmpl-abc123",
              "object": "chat.completion",
              "created": 1699896916,
              "model": "gpt-4.1-2025-04-14",
              "choices": [{
                "index": 0,
                "message": {
                  "role": "assistant",
                  "content": "Let me look that up.",
                  "refusal": null,
                  "tool_calls": [{
                    "id": "call_abc123",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\\n\\"location\\": \\"Boston, MA\\"\\n}"}
                  }]
                },
                "logprobs": null,
                "finish_reason": "tool_calls"
              }],
              "usage": {
                "prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99,
                "prompt_tokens_details": {"cached_tokens": 64, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0}
              }
            }
            """;

    @Test
    void aChatCompletionWithToolCallsBecomesAMessageWithToolUse() {
        ObjectNode message = translation.response(json(TOOL_CALL_COMPLETION), json(WEATHER_CONVERSATION));

        assertThat(reread(message)).isEqualTo(json("""
                {
                  "id": "msg_abc123",
                  "type": "message",
                  "role": "assistant",
                  "model": "gpt-4.1-2025-04-14",
                  "content": [
                    {"type": "text", "text": "Let me look that up."},
                    {"type": "tool_use", "id": "call_abc123", "name": "get_weather", "input": {"location": "Boston, MA"}}
                  ],
                  "stop_reason": "tool_use",
                  "stop_sequence": null,
                  "usage": {"input_tokens": 18, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 64,
                            "output_tokens": 17}
                }"""));
        Message parsed = Sdks.message(message);
        assertThat(parsed.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(parsed.content()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"stop, end_turn", "length, max_tokens", "tool_calls, tool_use", "content_filter, refusal"})
    void finishReasonsBecomeStopReasons(String finishReason, String stopReason) {
        ObjectNode completion = json(TOOL_CALL_COMPLETION);
        ObjectNode choice = (ObjectNode) completion.get("choices").get(0);
        choice.put("finish_reason", finishReason);
        ((ObjectNode) choice.get("message")).remove("tool_calls");

        assertThat(translation.response(completion, json(WEATHER_CONVERSATION)).get("stop_reason").stringValue())
                .isEqualTo(stopReason);
    }

    @Test
    void toolCallsFinishedWithStopStillEndInToolUse() {
        ObjectNode completion = json(TOOL_CALL_COMPLETION);
        ((ObjectNode) completion.get("choices").get(0)).put("finish_reason", "stop");

        assertThat(translation.response(completion, json(WEATHER_CONVERSATION)).get("stop_reason").stringValue())
                .isEqualTo("tool_use");
    }

    @Test
    void reasoningContentIsDroppedFromResponses() {
        ObjectNode completion = json(TOOL_CALL_COMPLETION);
        ((ObjectNode) completion.get("choices").get(0).get("message")).put("reasoning_content", "Thinking hard.");

        assertThat(translation.response(completion, json(WEATHER_CONVERSATION)).toString()).doesNotContain("Thinking hard");
    }

    @Test
    void anOpenAiErrorBecomesAnAnthropicErrorBody() {
        ObjectNode error = translation.response(json("""
                {"error": {"message": "Rate limit reached", "type": "rate_limit_error", "param": null, "code": null}}"""),
                json(WEATHER_CONVERSATION));

        assertThat(error).isEqualTo(json("""
                {"type": "error", "error": {"type": "rate_limit_error", "message": "Rate limit reached"}}"""));
    }

    /** OpenAI's streaming chunks for a text answer, with include_usage. */
    private static final List<SseEvent> TEXT_CHUNKS = chatChunks(
            """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""",
            """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}""",
            """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" there"},"logprobs":null,"finish_reason":null}],"usage":null}""",
            """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}""",
            """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0}}}""");

    @Test
    void aTextStreamBecomesTheAnthropicEventSequence() {
        List<SseEvent> events = translate(translation.stream(json(WEATHER_CONVERSATION)), TEXT_CHUNKS);

        assertThat(names(events)).containsExactly("message_start", "ping", "content_block_start", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events).allSatisfy(event -> assertThat(data(event).get("type").stringValue()).isEqualTo(event.event()));
        JsonNode start = data(events.get(0)).get("message");
        assertThat(start.get("id").stringValue()).isEqualTo("msg_123");
        assertThat(start.get("model").stringValue()).isEqualTo("gpt-4.1");
        assertThat(data(events.get(2))).isEqualTo(json("""
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}"""));
        assertThat(data(events.get(3))).isEqualTo(json("""
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}"""));
        assertThat(reread(data(events.get(6)))).isEqualTo(json("""
                {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null},
                 "usage": {"input_tokens": 19, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                           "output_tokens": 10}}"""));

        Message message = Sdks.accumulateMessage(events);
        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello there");
        assertThat(message.usage().outputTokens()).isEqualTo(10);
    }

    @Test
    void messageDeltaWaitsOnlyForTheUsageChunk() {
        var translator = translation.stream(json(WEATHER_CONVERSATION));
        for (int i = 0; i < 4; i++) {
            translator.onEvent(TEXT_CHUNKS.get(i));
        }

        assertThat(names(translator.onEvent(TEXT_CHUNKS.get(4)))).containsExactly("message_delta", "message_stop");
        assertThat(translator.onEvent(TEXT_CHUNKS.get(5))).isEmpty();
        assertThat(translator.finish()).isEmpty();
    }

    /** OpenAI's documented chunks for two parallel function calls streamed after each other. */
    private static final List<SseEvent> TOOL_CHUNKS = chatChunks(
            """
            {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"location\\":"}}]},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_XyZ","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Bogotá\\"}"}}]},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""");

    @Test
    void toolCallDeltasBecomeToolUseBlocksWithInputJsonDeltas() {
        List<SseEvent> events = translate(translation.stream(json(WEATHER_CONVERSATION)), TOOL_CHUNKS);

        assertThat(names(events)).containsExactly("message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(data(events.get(2))).isEqualTo(json("""
                {"type": "content_block_start", "index": 0, "content_block":
                  {"type": "tool_use", "id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "name": "get_weather", "input": {}}}"""));
        assertThat(data(events.get(3))).isEqualTo(json("""
                {"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": "{\\"location\\":"}}"""));
        assertThat(data(events.get(6)).get("index").asInt()).isEqualTo(1);
        assertThat(data(events.get(9)).get("delta").get("stop_reason").stringValue()).isEqualTo("tool_use");

        Message message = Sdks.accumulateMessage(events);
        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).asToolUse()._input().toString()).contains("Paris");
        assertThat(message.content().get(1).asToolUse().id()).isEqualTo("call_XyZ");
    }

    @Test
    void aStreamCutOffMidwayIsStillClosedProperly() {
        var translator = translation.stream(json(WEATHER_CONVERSATION));
        List<SseEvent> events = new java.util.ArrayList<>();
        TEXT_CHUNKS.subList(0, 2).forEach(chunk -> events.addAll(translator.onEvent(chunk)));
        events.addAll(translator.finish());

        assertThat(names(events)).containsExactly("message_start", "ping", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(Sdks.accumulateMessage(events).stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void anErrorChunkBecomesAnErrorEvent() {
        List<SseEvent> events = translate(translation.stream(json(WEATHER_CONVERSATION)), List.of(
                TEXT_CHUNKS.get(0), SseEvent.data("{\"error\": {\"message\": \"Server overloaded\", \"type\": \"server_error\"}}")));

        assertThat(names(events)).endsWith("error");
        assertThat(data(events.getLast())).isEqualTo(json("""
                {"type": "error", "error": {"type": "server_error", "message": "Server overloaded"}}"""));
    }
}
