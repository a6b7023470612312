package dev.aurelis.providers.translation;

import static dev.aurelis.providers.translation.Fixtures.anthropicEvents;
import static dev.aurelis.providers.translation.Fixtures.data;
import static dev.aurelis.providers.translation.Fixtures.json;
import static dev.aurelis.providers.translation.Fixtures.reread;
import static dev.aurelis.providers.translation.Fixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.openai.models.chat.completions.ChatCompletion;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.Translation;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An OpenAI Chat Completions client served by an Anthropic Messages provider. */
class ChatAnthropicTranslationTests {

    private final Translation translation = Translations.between(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES);

    /** A tool-using conversation in the shape of OpenAI's function calling guide. */
    private static final String WEATHER_CONVERSATION = """
            {
              "model": "claude-sonnet-4-5",
              "messages": [
                {"role": "system", "content": "You are a helpful assistant."},
                {"role": "developer", "content": [{"type": "text", "text": "Answer in metric units."}]},
                {"role": "user", "content": "What's the weather like in Paris and Bogotá today?"},
                {"role": "assistant", "content": null, "tool_calls": [
                  {"id": "call_12345xyz", "type": "function",
                   "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"Paris, France\\"}"}},
                  {"id": "call_67890abc", "type": "function",
                   "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"Bogotá, Colombia\\"}"}}
                ]},
                {"role": "tool", "tool_call_id": "call_12345xyz", "content": "14°C, light rain"},
                {"role": "tool", "tool_call_id": "call_67890abc", "content": [{"type": "text", "text": "18°C, sunny"}]}
              ],
              "tools": [{
                "type": "function",
                "function": {
                  "name": "get_weather",
                  "description": "Get current temperature for a given location.",
                  "parameters": {
                    "type": "object",
                    "properties": {"location": {"type": "string", "description": "City and country e.g. Bogotá, Colombia"}},
                    "required": ["location"],
                    "additionalProperties": false
                  },
                  "strict": true
                }
              }],
              "tool_choice": "auto",
              "temperature": 0.2,
              "top_p": 0.9,
              "stop": "###",
              "user": "user-1234",
              "stream": true,
              "stream_options": {"include_usage": true}
            }
            """;

    @Test
    void systemAndDeveloperMessagesBecomeTheTopLevelSystemPrompt() {
        ObjectNode request = translation.request(json(WEATHER_CONVERSATION));

        assertThat(request.get("system").get(0).get("text").stringValue()).isEqualTo("You are a helpful assistant.");
        assertThat(request.get("system").get(1).get("text").stringValue()).isEqualTo("Answer in metric units.");
        assertThat(request.get("messages").findValues("role")).extracting(JsonNode::stringValue)
                .containsExactly("user", "assistant", "user");
    }

    @Test
    void aSingleSystemMessageBecomesASystemString() {
        ObjectNode request = translation.request(json("""
                {"model": "m", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}
                """));

        assertThat(request.get("system").stringValue()).isEqualTo("Be brief.");
        assertThat(request.get("messages").get(0).get("content").get(0).get("text").stringValue()).isEqualTo("Hi");
    }

    @Test
    void toolCallsBecomeToolUseBlocksAndConsecutiveToolResultsMergeIntoOneUserTurn() {
        ObjectNode request = translation.request(json(WEATHER_CONVERSATION));

        JsonNode assistant = request.get("messages").get(1);
        assertThat(assistant.get("content")).hasSize(2);
        assertThat(assistant.get("content").get(0).get("type").stringValue()).isEqualTo("tool_use");
        assertThat(assistant.get("content").get(0).get("id").stringValue()).isEqualTo("call_12345xyz");
        assertThat(assistant.get("content").get(0).get("name").stringValue()).isEqualTo("get_weather");
        assertThat(assistant.get("content").get(0).get("input")).isEqualTo(json("{\"location\":\"Paris, France\"}"));

        JsonNode results = request.get("messages").get(2);
        assertThat(results.get("role").stringValue()).isEqualTo("user");
        assertThat(results.get("content")).hasSize(2);
        assertThat(results.get("content").get(0)).isEqualTo(json("""
                {"type": "tool_result", "tool_use_id": "call_12345xyz", "content": "14°C, light rain"}"""));
        assertThat(results.get("content").get(1)).isEqualTo(json("""
                {"type": "tool_result", "tool_use_id": "call_67890abc",
                 "content": [{"type": "text", "text": "18°C, sunny"}]}"""));
    }

    @Test
    void toolsToolChoiceAndSamplingSettingsAreMapped() {
        ObjectNode request = translation.request(json(WEATHER_CONVERSATION));

        assertThat(request.get("tools")).isEqualTo(json("""
                {"t": [{
                  "name": "get_weather",
                  "description": "Get current temperature for a given location.",
                  "input_schema": {
                    "type": "object",
                    "properties": {"location": {"type": "string", "description": "City and country e.g. Bogotá, Colombia"}},
                    "required": ["location"],
                    "additionalProperties": false
                  }
                }]}""").get("t"));
        assertThat(request.get("tool_choice")).isEqualTo(json("{\"type\": \"auto\"}"));
        assertThat(request.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(request.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(request.get("stop_sequences")).isEqualTo(json("{\"s\": [\"###\"]}").get("s"));
        assertThat(request.get("metadata").get("user_id").stringValue()).isEqualTo("user-1234");
        assertThat(request.get("stream").booleanValue()).isTrue();
        assertThat(request.has("stream_options")).isFalse();
        assertThat(request.get("model").stringValue()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void theTranslatedRequestIsAValidAnthropicRequest() {
        assertThat(Sdks.messageRequest(translation.request(json(WEATHER_CONVERSATION))).messages()).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "auto"                                                  | {"type":"auto"}
            "none"                                                  | {"type":"none"}
            "required"                                              | {"type":"any"}
            {"type":"function","function":{"name":"get_weather"}}   | {"type":"tool","name":"get_weather"}
            """)
    void toolChoiceMapsToAnthropicsToolChoice(String openAi, String anthropic) {
        ObjectNode request = translation.request(json("""
                {"model": "m", "messages": [{"role": "user", "content": "Hi"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}],
                 "tool_choice": %s}""".formatted(openAi)));

        assertThat(request.get("tool_choice")).isEqualTo(json(anthropic));
    }

    @Test
    void disablingParallelToolCallsDisablesParallelToolUse() {
        ObjectNode request = translation.request(json("""
                {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "parallel_tool_calls": false,
                 "tools": [{"type": "function", "function": {"name": "now"}}]}"""));

        assertThat(request.get("tool_choice")).isEqualTo(json("{\"type\": \"auto\", \"disable_parallel_tool_use\": true}"));
        assertThat(request.get("tools").get(0).get("input_schema")).isEqualTo(json("{\"type\": \"object\", \"properties\": {}}"));
    }

    @Test
    void maxTokensDefaultsTo4096AndPrefersMaxCompletionTokens() {
        String noLimit = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";
        assertThat(translation.request(json(noLimit)).get("max_tokens").asInt()).isEqualTo(4096);

        ObjectNode both = json(noLimit).put("max_tokens", 100).put("max_completion_tokens", 300);
        assertThat(translation.request(both).get("max_tokens").asInt()).isEqualTo(300);

        ObjectNode legacy = json(noLimit).put("max_tokens", 100);
        assertThat(translation.request(legacy).get("max_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void temperatureAboveAnthropicsRangeIsCappedAtOne() {
        ObjectNode request = translation.request(json("""
                {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "temperature": 1.6}"""));

        assertThat(request.get("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void imagePartsBecomeImageBlocksWithBase64OrUrlSources() {
        ObjectNode request = translation.request(json("""
                {"model": "m", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What is in these images?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                  {"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/cat.jpg", "detail": "high"}}
                ]}]}"""));

        JsonNode content = request.get("messages").get(0).get("content");
        assertThat(content.get(0)).isEqualTo(json("{\"type\": \"text\", \"text\": \"What is in these images?\"}"));
        assertThat(content.get(1)).isEqualTo(json("""
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}"""));
        assertThat(content.get(2)).isEqualTo(json("""
                {"type": "image", "source": {"type": "url", "url": "https://upload.wikimedia.org/cat.jpg"}}"""));
    }

    /** The response of Anthropic's tool use guide, with prompt caching and a thinking block. */
    private static final String TOOL_USE_RESPONSE = """
            {
              "id": "msg_01Aq9w938a90dw8q",
              "type": "message",
              "role": "assistant",
              "model": "claude-sonnet-4-5-20250929",
              "content": [
                {"type": "thinking", "thinking": "The user wants the weather.", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
                {"type": "text", "text": "I'll check the current weather in San Francisco for you."},
                {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                 "input": {"location": "San Francisco, CA", "unit": "celsius"}}
              ],
              "stop_reason": "tool_use",
              "stop_sequence": null,
              "usage": {"input_tokens": 472, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 2000,
                        "output_tokens": 91}
            }
            """;

    @Test
    void aResponseWithTextAndToolUseBecomesAChatCompletionWithToolCalls() {
        ObjectNode chat = translation.response(json(TOOL_USE_RESPONSE), json(WEATHER_CONVERSATION));

        assertThat(chat.get("id").stringValue()).isEqualTo("chatcmpl-01Aq9w938a90dw8q");
        assertThat(chat.get("object").stringValue()).isEqualTo("chat.completion");
        assertThat(chat.get("created").asLong()).isGreaterThan(1_700_000_000L);
        assertThat(chat.get("model").stringValue()).isEqualTo("claude-sonnet-4-5-20250929");
        JsonNode choice = chat.get("choices").get(0);
        assertThat(choice.get("finish_reason").stringValue()).isEqualTo("tool_calls");
        assertThat(choice.get("message").get("content").stringValue())
                .isEqualTo("I'll check the current weather in San Francisco for you.");
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertThat(call.get("id").stringValue()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(call.get("type").stringValue()).isEqualTo("function");
        assertThat(call.get("function").get("name").stringValue()).isEqualTo("get_weather");
        assertThat(json(call.get("function").get("arguments").stringValue()))
                .isEqualTo(json("{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\"}"));
    }

    @Test
    void thinkingBlocksAreDroppedFromResponses() {
        ObjectNode chat = translation.response(json(TOOL_USE_RESPONSE), json(WEATHER_CONVERSATION));

        assertThat(chat.toString()).doesNotContain("The user wants the weather").doesNotContain("signature");
    }

    @Test
    void usageCountsCachedInputAsPromptTokens() {
        ObjectNode chat = translation.response(json(TOOL_USE_RESPONSE), json(WEATHER_CONVERSATION));

        assertThat(reread(chat.get("usage"))).isEqualTo(json("""
                {"prompt_tokens": 2572, "completion_tokens": 91, "total_tokens": 2663,
                 "prompt_tokens_details": {"cached_tokens": 2000, "cache_write_tokens": 100}}"""));
    }

    @Test
    void theOpenAiSdkParsesTheTranslatedResponse() {
        ChatCompletion completion = Sdks.chatCompletion(translation.response(json(TOOL_USE_RESPONSE), json(WEATHER_CONVERSATION)));

        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(completion.choices().getFirst().message().toolCalls().orElseThrow()).hasSize(1);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(2572);
    }

    @ParameterizedTest
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls",
            "refusal, content_filter", "pause_turn, stop"})
    void stopReasonsBecomeFinishReasons(String stopReason, String finishReason) {
        ObjectNode response = json(TOOL_USE_RESPONSE).put("stop_reason", stopReason);

        assertThat(translation.response(response, json(WEATHER_CONVERSATION))
                .get("choices").get(0).get("finish_reason").stringValue()).isEqualTo(finishReason);
    }

    @Test
    void aReplyOfOnlyToolCallsHasNullContent() {
        ObjectNode response = json(TOOL_USE_RESPONSE);
        response.withArray("content").remove(1);

        JsonNode message = translation.response(response, json(WEATHER_CONVERSATION)).get("choices").get(0).get("message");
        assertThat(message.get("content").isNull()).isTrue();
    }

    @Test
    void anAnthropicErrorBecomesAnOpenAiErrorBody() {
        ObjectNode chat = translation.response(json("""
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"""), json(WEATHER_CONVERSATION));

        assertThat(chat).isEqualTo(json("""
                {"error": {"message": "Overloaded", "type": "overloaded_error", "param": null, "code": null}}"""));
    }

    /** The text stream of Anthropic's streaming guide, with a thinking block ahead of the answer. */
    private static final List<SseEvent> TEXT_STREAM = anthropicEvents(
            """
            {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_read_input_tokens":10,"output_tokens":1}}}""",
            """
            {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""",
            """
            {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"A greeting."}}""",
            """
            {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}""",
            """
            {"type":"content_block_stop","index":0}""",
            """
            {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}""",
            """
            {"type":"ping"}""",
            """
            {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}}""",
            """
            {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"!"}}""",
            """
            {"type":"content_block_stop","index":1}""",
            """
            {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}""",
            """
            {"type":"message_stop"}""");

    @Test
    void aTextStreamBecomesChunksWithRoleContentFinishReasonUsageAndDone() {
        List<SseEvent> chunks = translate(translation.stream(json(WEATHER_CONVERSATION)), TEXT_STREAM);

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.event()).isNull());
        assertThat(chunks).hasSize(6);
        JsonNode first = data(chunks.get(0));
        assertThat(first.get("id").stringValue()).isEqualTo("chatcmpl-1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
        assertThat(first.get("object").stringValue()).isEqualTo("chat.completion.chunk");
        assertThat(first.get("model").stringValue()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(first.get("choices").get(0).get("delta")).isEqualTo(json("{\"role\": \"assistant\", \"content\": \"\"}"));
        assertThat(data(chunks.get(1)).get("choices").get(0).get("delta").get("content").stringValue()).isEqualTo("Hello");
        assertThat(data(chunks.get(2)).get("choices").get(0).get("delta").get("content").stringValue()).isEqualTo("!");
        assertThat(data(chunks.get(3)).get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("stop");
        JsonNode usage = data(chunks.get(4));
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage")).isEqualTo(json("""
                {"prompt_tokens": 35, "completion_tokens": 15, "total_tokens": 50,
                 "prompt_tokens_details": {"cached_tokens": 10, "cache_write_tokens": 0}}"""));
        assertThat(chunks.getLast().isDone()).isTrue();
    }

    @Test
    void chunksAreSentAsSoonAsTheirEventArrives() {
        var translator = translation.stream(json(WEATHER_CONVERSATION));

        assertThat(translator.onEvent(TEXT_STREAM.get(0))).hasSize(1);
        for (int i = 1; i < 7; i++) {
            assertThat(translator.onEvent(TEXT_STREAM.get(i))).isEmpty();
        }
        List<SseEvent> hello = translator.onEvent(TEXT_STREAM.get(7));
        assertThat(hello).hasSize(1);
        assertThat(data(hello.getFirst()).get("choices").get(0).get("delta").get("content").stringValue()).isEqualTo("Hello");
    }

    @Test
    void theUsageChunkIsLeftOutUnlessTheClientAskedForIt() {
        ObjectNode request = json(WEATHER_CONVERSATION);
        request.remove("stream_options");

        List<SseEvent> chunks = translate(translation.stream(request), TEXT_STREAM);

        assertThat(chunks).hasSize(5);
        assertThat(chunks).noneMatch(chunk -> !chunk.isDone() && data(chunk).has("usage"));
        assertThat(chunks.getLast().isDone()).isTrue();
    }

    @Test
    void theOpenAiSdkAccumulatesTheTranslatedTextStream() {
        ChatCompletion completion = Sdks.accumulateChat(translate(translation.stream(json(WEATHER_CONVERSATION)), TEXT_STREAM));

        assertThat(completion.choices().getFirst().message().content()).contains("Hello!");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(50);
    }

    /** Anthropic's documented tool-use stream: text, then a tool_use block whose input arrives in pieces. */
    private static final List<SseEvent> TOOL_STREAM = anthropicEvents(
            """
            {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}""",
            """
            {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """
            {"type":"ping"}""",
            """
            {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let's check the weather:"}}""",
            """
            {"type":"content_block_stop","index":0}""",
            """
            {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}""",
            """
            {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}""",
            """
            {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}""",
            """
            {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}""",
            """
            {"type":"content_block_stop","index":1}""",
            """
            {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}""",
            """
            {"type":"message_stop"}""");

    @Test
    void toolUseBlocksStreamAsToolCallsWithIncrementalArguments() {
        List<SseEvent> chunks = translate(translation.stream(json(WEATHER_CONVERSATION)), TOOL_STREAM);

        JsonNode start = data(chunks.get(2)).get("choices").get(0).get("delta").get("tool_calls").get(0);
        assertThat(start).isEqualTo(json("""
                {"index": 0, "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "type": "function",
                 "function": {"name": "get_weather", "arguments": ""}}"""));
        assertThat(data(chunks.get(3)).get("choices").get(0).get("delta").get("tool_calls").get(0))
                .isEqualTo(json("{\"index\": 0, \"function\": {\"arguments\": \"{\\\"location\\\":\"}}"));
        assertThat(data(chunks.get(4)).get("choices").get(0).get("delta").get("tool_calls").get(0).get("function")
                .get("arguments").stringValue()).isEqualTo(" \"San Francisco, CA\"}");
        assertThat(data(chunks.get(5)).get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("tool_calls");

        ChatCompletion completion = Sdks.accumulateChat(chunks);
        var call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().arguments()).isEqualTo("{\"location\": \"San Francisco, CA\"}");
    }

    @Test
    void aStreamThatEndsEarlyIsClosedWithAFinishReasonAndDone() {
        List<SseEvent> chunks = translate(translation.stream(json(WEATHER_CONVERSATION)), TOOL_STREAM.subList(0, 8));

        JsonNode finish = data(chunks.get(chunks.size() - 3));
        assertThat(finish.get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("tool_calls");
        assertThat(data(chunks.get(chunks.size() - 2)).get("usage").get("prompt_tokens").asInt()).isEqualTo(472);
        assertThat(chunks.getLast().isDone()).isTrue();
        assertThat(Sdks.accumulateChat(chunks).choices()).hasSize(1);
    }

    @Test
    void anErrorEventBecomesAnErrorChunkFollowedByDone() {
        List<SseEvent> events = List.of(TEXT_STREAM.get(0), SseEvent.named("error", """
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"""));

        List<SseEvent> chunks = translate(translation.stream(json(WEATHER_CONVERSATION)), events);

        assertThat(data(chunks.get(1)).get("error").get("type").stringValue()).isEqualTo("overloaded_error");
        assertThat(chunks.get(2).isDone()).isTrue();
        assertThat(chunks).hasSize(3);
    }

    @Test
    void finishingTwiceSendsNothingMore() {
        var translator = translation.stream(json(WEATHER_CONVERSATION));
        translate(translator, TEXT_STREAM);

        assertThat(translator.finish()).isEmpty();
    }
}
