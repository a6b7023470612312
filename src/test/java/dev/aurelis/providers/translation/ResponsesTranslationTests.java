package dev.aurelis.providers.translation;

import static dev.aurelis.providers.translation.Fixtures.anthropicEvents;
import static dev.aurelis.providers.translation.Fixtures.chatChunks;
import static dev.aurelis.providers.translation.Fixtures.data;
import static dev.aurelis.providers.translation.Fixtures.json;
import static dev.aurelis.providers.translation.Fixtures.names;
import static dev.aurelis.providers.translation.Fixtures.reread;
import static dev.aurelis.providers.translation.Fixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStatus;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.Translation;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An OpenAI Responses client (Codex CLI, say) served by a Chat Completions or an Anthropic provider. */
class ResponsesTranslationTests {

    private final Translation overChat = Translations.between(WireFormat.OPENAI_RESPONSES, WireFormat.OPENAI_CHAT);
    private final Translation overAnthropic =
            Translations.between(WireFormat.OPENAI_RESPONSES, WireFormat.ANTHROPIC_MESSAGES);

    /** A second turn of a coding agent: its earlier reasoning, a shell call and its output are replayed. */
    private static final String AGENT_TURN = """
            {
              "model": "gpt-5",
              "instructions": "You are a coding agent running in a terminal.",
              "input": [
                {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "Sandbox: workspace-write"}]},
                {"type": "message", "role": "user", "content": [
                  {"type": "input_text", "text": "List the files, then describe this diagram."},
                  {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo=", "detail": "auto"}
                ]},
                {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAAAB"},
                {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Listing files.", "annotations": []}]},
                {"type": "function_call", "id": "fc_1", "call_id": "call_shell_1", "name": "shell",
                 "arguments": "{\\"command\\":[\\"ls\\"]}"},
                {"type": "function_call_output", "call_id": "call_shell_1", "output": "README.md\\nsrc"},
                {"role": "user", "content": "Thanks"}
              ],
              "tools": [
                {"type": "function", "name": "shell", "description": "Runs a shell command",
                 "parameters": {"type": "object", "properties": {"command": {"type": "array", "items": {"type": "string"}}},
                                "required": ["command"], "additionalProperties": false},
                 "strict": false},
                {"type": "web_search"}
              ],
              "tool_choice": "auto",
              "parallel_tool_calls": false,
              "max_output_tokens": 2000,
              "temperature": 0.7,
              "top_p": 0.95,
              "reasoning": {"effort": "medium", "summary": "auto"},
              "store": false,
              "include": ["reasoning.encrypted_content"],
              "prompt_cache_key": "session-42",
              "stream": true
            }
            """;

    @Test
    void instructionsAndItemsBecomeChatMessages() {
        JsonNode messages = overChat.request(json(AGENT_TURN)).get("messages");

        assertThat(messages.findValues("role")).extracting(JsonNode::stringValue)
                .containsExactly("system", "system", "user", "assistant", "tool", "user");
        assertThat(messages.get(0).get("content").stringValue()).isEqualTo("You are a coding agent running in a terminal.");
        assertThat(messages.get(1).get("content").stringValue()).isEqualTo("Sandbox: workspace-write");
        assertThat(messages.get(2).get("content")).isEqualTo(json("""
                {"c": [
                  {"type": "text", "text": "List the files, then describe this diagram."},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "auto"}}
                ]}""").get("c"));
        assertThat(messages.get(5)).isEqualTo(json("{\"role\": \"user\", \"content\": \"Thanks\"}"));
    }

    @Test
    void functionCallItemsJoinThePrecedingAssistantMessageAndOutputsBecomeToolMessages() {
        JsonNode messages = overChat.request(json(AGENT_TURN)).get("messages");

        assertThat(messages.get(3)).isEqualTo(json("""
                {"role": "assistant", "content": "Listing files.", "tool_calls": [
                  {"id": "call_shell_1", "type": "function",
                   "function": {"name": "shell", "arguments": "{\\"command\\":[\\"ls\\"]}"}}
                ]}"""));
        assertThat(messages.get(4)).isEqualTo(json("""
                {"role": "tool", "tool_call_id": "call_shell_1", "content": "README.md\\nsrc"}"""));
    }

    @Test
    void parallelFunctionCallsWithoutAssistantTextShareOneAssistantMessage() {
        JsonNode messages = overChat.request(json("""
                {"model": "m", "input": [
                  {"role": "user", "content": "Weather in Paris and Rome?"},
                  {"type": "function_call", "call_id": "call_a", "name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"},
                  {"type": "function_call", "call_id": "call_b", "name": "get_weather", "arguments": "{\\"city\\":\\"Rome\\"}"},
                  {"type": "function_call_output", "call_id": "call_a", "output": "21C"},
                  {"type": "function_call_output", "call_id": "call_b", "output": [{"type": "input_text", "text": "24C"}]}
                ]}""")).get("messages");

        assertThat(messages.findValues("role")).extracting(JsonNode::stringValue)
                .containsExactly("user", "assistant", "tool", "tool");
        assertThat(messages.get(1).get("content").isNull()).isTrue();
        assertThat(messages.get(1).get("tool_calls").findValues("id")).extracting(JsonNode::stringValue)
                .containsExactly("call_a", "call_b");
        assertThat(messages.get(3).get("content").stringValue()).isEqualTo("24C");
    }

    @Test
    void reasoningItemsAreDropped() {
        assertThat(overChat.request(json(AGENT_TURN)).toString()).doesNotContain("gAAAAB").doesNotContain("rs_1");
    }

    @Test
    void functionToolsAreKeptAndHostedToolsDropped() {
        ObjectNode request = overChat.request(json(AGENT_TURN));

        assertThat(request.get("tools")).isEqualTo(json("""
                {"t": [{"type": "function", "function": {
                  "name": "shell", "description": "Runs a shell command",
                  "parameters": {"type": "object", "properties": {"command": {"type": "array", "items": {"type": "string"}}},
                                 "required": ["command"], "additionalProperties": false},
                  "strict": false}}]}""").get("t"));
        assertThat(request.get("tool_choice").stringValue()).isEqualTo("auto");
        assertThat(request.get("parallel_tool_calls").booleanValue()).isFalse();
    }

    @Test
    void limitsSamplingAndStreamingAreMapped() {
        ObjectNode request = overChat.request(json(AGENT_TURN));

        assertThat(request.get("model").stringValue()).isEqualTo("gpt-5");
        assertThat(request.get("max_completion_tokens").asInt()).isEqualTo(2000);
        assertThat(request.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(request.get("top_p").asDouble()).isEqualTo(0.95);
        assertThat(request.get("reasoning_effort").stringValue()).isEqualTo("medium");
        assertThat(request.get("prompt_cache_key").stringValue()).isEqualTo("session-42");
        assertThat(request.get("stream").booleanValue()).isTrue();
        assertThat(request.get("stream_options").get("include_usage").booleanValue()).isTrue();
        assertThat(request.has("store")).isFalse();
        assertThat(request.has("include")).isFalse();
        assertThat(Sdks.chatRequest(request).messages()).hasSize(6);
    }

    @Test
    void aStringInputIsOneUserMessage() {
        ObjectNode request = overChat.request(json("""
                {"model": "gpt-4.1", "input": "Tell me a three sentence bedtime story about a unicorn."}"""));

        assertThat(request.get("messages")).isEqualTo(json("""
                {"m": [{"role": "user", "content": "Tell me a three sentence bedtime story about a unicorn."}]}""").get("m"));
    }

    @Test
    void aNamedFunctionToolChoiceIsNestedForChat() {
        ObjectNode client = json(AGENT_TURN).set("tool_choice", json("{\"type\": \"function\", \"name\": \"shell\"}"));

        assertThat(overChat.request(client).get("tool_choice"))
                .isEqualTo(json("{\"type\": \"function\", \"function\": {\"name\": \"shell\"}}"));
    }

    @Test
    void aJsonSchemaTextFormatBecomesAResponseFormat() {
        ObjectNode client = json("""
                {"model": "m", "input": "Extract the event.", "text": {"format": {"type": "json_schema", "name": "calendar_event",
                  "schema": {"type": "object", "properties": {"name": {"type": "string"}}}, "strict": true}}}""");

        assertThat(overChat.request(client).get("response_format")).isEqualTo(json("""
                {"type": "json_schema", "json_schema": {"name": "calendar_event",
                  "schema": {"type": "object", "properties": {"name": {"type": "string"}}}, "strict": true}}"""));
    }

    @Test
    void overAnthropicTheRequestIsAValidMessagesRequest() {
        ObjectNode request = overAnthropic.request(json(AGENT_TURN));

        assertThat(request.get("system").isArray()).isTrue();
        assertThat(request.get("max_tokens").asInt()).isEqualTo(2000);
        assertThat(request.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(request.get("tool_choice")).isEqualTo(json("{\"type\": \"auto\", \"disable_parallel_tool_use\": true}"));
        JsonNode messages = request.get("messages");
        assertThat(messages.findValues("role")).extracting(JsonNode::stringValue)
                .containsExactly("user", "assistant", "user");
        assertThat(messages.get(1).get("content").get(1).get("type").stringValue()).isEqualTo("tool_use");
        assertThat(messages.get(1).get("content").get(1).get("input")).isEqualTo(json("{\"command\": [\"ls\"]}"));
        assertThat(messages.get(2).get("content").get(0).get("type").stringValue()).isEqualTo("tool_result");
        assertThat(messages.get(2).get("content").get(1)).isEqualTo(json("{\"type\": \"text\", \"text\": \"Thanks\"}"));
        assertThat(Sdks.messageRequest(request).messages()).hasSize(3);
    }

    private static final String CHAT_COMPLETION = """
            {
              "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
              "object": "chat.completion",
              "created": 1741570283,
              "model": "gpt-4.1-2025-04-14",
              "choices": [{
                "index": 0,
                "message": {
                  "role": "assistant",
                  "content": "I'll list the files.",
                  "refusal": null,
                  "tool_calls": [{"id": "call_abc", "type": "function",
                                  "function": {"name": "shell", "arguments": "{\\"command\\":[\\"ls\\",\\"-la\\"]}"}}]
                },
                "logprobs": null,
                "finish_reason": "tool_calls"
              }],
              "usage": {
                "prompt_tokens": 1117, "completion_tokens": 46, "total_tokens": 1163,
                "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 12, "audio_tokens": 0}
              }
            }
            """;

    @Test
    void aChatCompletionBecomesAResponseWithMessageAndFunctionCallItems() {
        ObjectNode response = overChat.response(json(CHAT_COMPLETION), json(AGENT_TURN));

        assertThat(response.get("id").stringValue()).isEqualTo("resp_B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
        assertThat(response.get("object").stringValue()).isEqualTo("response");
        assertThat(response.get("created_at").asLong()).isEqualTo(1741570283L);
        assertThat(response.get("status").stringValue()).isEqualTo("completed");
        assertThat(response.get("model").stringValue()).isEqualTo("gpt-4.1-2025-04-14");
        JsonNode message = response.get("output").get(0);
        assertThat(message.get("type").stringValue()).isEqualTo("message");
        assertThat(message.get("id").stringValue()).startsWith("msg_");
        assertThat(message.get("role").stringValue()).isEqualTo("assistant");
        assertThat(message.get("content")).isEqualTo(json("""
                {"c": [{"type": "output_text", "text": "I'll list the files.", "annotations": []}]}""").get("c"));
        JsonNode call = response.get("output").get(1);
        assertThat(call.get("id").stringValue()).startsWith("fc_");
        assertThat(call.get("type").stringValue()).isEqualTo("function_call");
        assertThat(call.get("call_id").stringValue()).isEqualTo("call_abc");
        assertThat(call.get("name").stringValue()).isEqualTo("shell");
        assertThat(call.get("arguments").stringValue()).isEqualTo("{\"command\":[\"ls\",\"-la\"]}");
        assertThat(reread(response.get("usage"))).isEqualTo(json("""
                {"input_tokens": 1117, "input_tokens_details": {"cached_tokens": 1024, "cache_write_tokens": 0},
                 "output_tokens": 46, "output_tokens_details": {"reasoning_tokens": 12}, "total_tokens": 1163}"""));
    }

    @Test
    void theResponseEchoesTheRequestSettingsAndParsesWithTheOpenAiSdk() {
        ObjectNode response = overChat.response(json(CHAT_COMPLETION), json(AGENT_TURN));

        assertThat(response.get("instructions").stringValue()).isEqualTo("You are a coding agent running in a terminal.");
        assertThat(response.get("max_output_tokens").asInt()).isEqualTo(2000);
        assertThat(response.get("parallel_tool_calls").booleanValue()).isFalse();
        assertThat(response.get("tools")).hasSize(1);
        Response parsed = Sdks.response(response);
        assertThat(parsed.status()).contains(ResponseStatus.COMPLETED);
        assertThat(parsed.output()).hasSize(2);
        assertThat(parsed.output().get(1).asFunctionCall().callId()).isEqualTo("call_abc");
    }

    @Test
    void aTruncatedCompletionIsAnIncompleteResponse() {
        ObjectNode completion = json(CHAT_COMPLETION);
        ((ObjectNode) completion.get("choices").get(0)).put("finish_reason", "length");

        ObjectNode response = overChat.response(completion, json(AGENT_TURN));

        assertThat(response.get("status").stringValue()).isEqualTo("incomplete");
        assertThat(response.get("incomplete_details")).isEqualTo(json("{\"reason\": \"max_output_tokens\"}"));
        assertThat(Sdks.response(response).status()).contains(ResponseStatus.INCOMPLETE);
    }

    @Test
    void overAnthropicAMessageBecomesAResponse() {
        ObjectNode message = json("""
                {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                 "content": [{"type": "text", "text": "Hello!"}], "stop_reason": "end_turn", "stop_sequence": null,
                 "usage": {"input_tokens": 12, "cache_read_input_tokens": 100, "cache_creation_input_tokens": 0, "output_tokens": 6}}""");

        ObjectNode response = overAnthropic.response(message, json(AGENT_TURN));

        assertThat(response.get("id").stringValue()).isEqualTo("resp_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(response.get("output").get(0).get("content").get(0).get("text").stringValue()).isEqualTo("Hello!");
        assertThat(reread(response.get("usage"))).isEqualTo(json("""
                {"input_tokens": 112, "input_tokens_details": {"cached_tokens": 100, "cache_write_tokens": 0},
                 "output_tokens": 6, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 118}"""));
        assertThat(Sdks.response(response).status()).contains(ResponseStatus.COMPLETED);
    }

    /** Chat chunks for a short text answer followed by a function call whose arguments arrive in pieces. */
    private static final List<SseEvent> CHUNKS = chatChunks(
            """
            {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"Let me "},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"check."},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_shell_2","type":"function","function":{"name":"shell","arguments":""}}]},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"command\\":"}}]},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"[\\"ls\\"]}"}}]},"finish_reason":null}]}""",
            """
            {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4.1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            """
            {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4.1","choices":[],"usage":{"prompt_tokens":50,"completion_tokens":20,"total_tokens":70,"prompt_tokens_details":{"cached_tokens":32}}}""");

    @Test
    void aChatStreamBecomesTheResponsesEventSequence() {
        List<SseEvent> events = translate(overChat.stream(json(AGENT_TURN)), CHUNKS);

        assertThat(names(events)).containsExactly(
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = data(events.get(i));
            assertThat(data.get("type").stringValue()).isEqualTo(events.get(i).event());
            assertThat(data.get("sequence_number").asInt()).isEqualTo(i);
        }
    }

    @Test
    void streamedItemsCarryTheirIdsIndexesAndText() {
        List<SseEvent> events = translate(overChat.stream(json(AGENT_TURN)), CHUNKS);

        JsonNode created = data(events.get(0)).get("response");
        assertThat(created.get("id").stringValue()).isEqualTo("resp_7");
        assertThat(created.get("status").stringValue()).isEqualTo("in_progress");
        assertThat(created.get("output")).isEmpty();
        JsonNode added = data(events.get(2));
        String messageId = added.get("item").get("id").stringValue();
        assertThat(added.get("output_index").asInt()).isZero();
        assertThat(added.get("item").get("status").stringValue()).isEqualTo("in_progress");
        JsonNode delta = data(events.get(4));
        assertThat(delta.get("item_id").stringValue()).isEqualTo(messageId);
        assertThat(delta.get("content_index").asInt()).isZero();
        assertThat(delta.get("delta").stringValue()).isEqualTo("Let me ");
        assertThat(data(events.get(6)).get("text").stringValue()).isEqualTo("Let me check.");

        JsonNode call = data(events.get(9)).get("item");
        assertThat(data(events.get(9)).get("output_index").asInt()).isEqualTo(1);
        assertThat(call.get("type").stringValue()).isEqualTo("function_call");
        assertThat(call.get("call_id").stringValue()).isEqualTo("call_shell_2");
        assertThat(call.get("name").stringValue()).isEqualTo("shell");
        assertThat(data(events.get(10)).get("delta").stringValue()).isEqualTo("{\"command\":");
        assertThat(data(events.get(10)).get("item_id").stringValue()).isEqualTo(call.get("id").stringValue());
        assertThat(data(events.get(12)).get("arguments").stringValue()).isEqualTo("{\"command\":[\"ls\"]}");

        JsonNode completed = data(events.getLast()).get("response");
        assertThat(completed.get("status").stringValue()).isEqualTo("completed");
        assertThat(completed.get("output")).hasSize(2);
        assertThat(completed.get("usage").get("input_tokens").asInt()).isEqualTo(50);
        assertThat(completed.get("usage").get("input_tokens_details").get("cached_tokens").asInt()).isEqualTo(32);
        assertThat(completed.get("usage").get("total_tokens").asInt()).isEqualTo(70);
    }

    @Test
    void theOpenAiSdkRebuildsTheStreamedResponseFromTheEvents() {
        Response response = Sdks.reconstructResponse(translate(overChat.stream(json(AGENT_TURN)), CHUNKS));

        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(response.output().get(0).asMessage().content().getFirst().asOutputText().text()).isEqualTo("Let me check.");
        assertThat(response.output().get(1).asFunctionCall().arguments()).isEqualTo("{\"command\":[\"ls\"]}");
    }

    @Test
    void aStreamEndingWithoutDoneIsCompletedByFinish() {
        var translator = overChat.stream(json(AGENT_TURN));
        List<SseEvent> events = new java.util.ArrayList<>();
        CHUNKS.subList(0, 5).forEach(chunk -> events.addAll(translator.onEvent(chunk)));
        events.addAll(translator.finish());

        assertThat(names(events)).endsWith("response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        assertThat(Sdks.reconstructResponse(events).output()).hasSize(2);
        assertThat(translator.finish()).isEmpty();
    }

    @Test
    void aStreamStoppedByTheTokenLimitEndsWithResponseIncomplete() {
        List<SseEvent> events = translate(overChat.stream(json(AGENT_TURN)), chatChunks(
                """
                {"id":"chatcmpl-8","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"Once upon"},"finish_reason":"length"}]}"""));

        JsonNode last = data(events.getLast());
        assertThat(last.get("type").stringValue()).isEqualTo("response.incomplete");
        assertThat(last.get("response").get("incomplete_details").get("reason").stringValue()).isEqualTo("max_output_tokens");
    }

    @Test
    void anErrorChunkEndsTheStreamWithResponseFailed() {
        List<SseEvent> events = translate(overChat.stream(json(AGENT_TURN)), List.of(
                CHUNKS.get(1), SseEvent.data("{\"error\": {\"message\": \"Upstream overloaded\", \"code\": \"server_error\"}}")));

        JsonNode failed = data(events.getLast());
        assertThat(failed.get("type").stringValue()).isEqualTo("response.failed");
        assertThat(failed.get("response").get("status").stringValue()).isEqualTo("failed");
        assertThat(failed.get("response").get("error").get("message").stringValue()).isEqualTo("Upstream overloaded");
        assertThat(Sdks.response(failed.get("response")).status()).contains(ResponseStatus.FAILED);
    }

    @Test
    void overAnthropicAToolUseStreamBecomesResponsesEvents() {
        List<SseEvent> upstream = anthropicEvents(
                """
                {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_read_input_tokens":28,"output_tokens":2}}}""",
                """
                {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
                """
                {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}""",
                """
                {"type":"content_block_stop","index":0}""",
                """
                {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"shell","input":{}}}""",
                """
                {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"command\\": [\\"ls\\"]}"}}""",
                """
                {"type":"content_block_stop","index":1}""",
                """
                {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}""",
                """
                {"type":"message_stop"}""");

        List<SseEvent> events = translate(overAnthropic.stream(json(AGENT_TURN)), upstream);

        assertThat(names(events)).containsExactly(
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        JsonNode completed = data(events.getLast()).get("response");
        assertThat(completed.get("id").stringValue()).isEqualTo("resp_014p7gG3wDgGV9EUtLvnow3U");
        assertThat(completed.get("output").get(1).get("call_id").stringValue()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
        assertThat(completed.get("usage").get("input_tokens").asInt()).isEqualTo(500);
        assertThat(completed.get("usage").get("input_tokens_details").get("cached_tokens").asInt()).isEqualTo(28);
        assertThat(completed.get("usage").get("output_tokens").asInt()).isEqualTo(89);
        assertThat(Sdks.reconstructResponse(events).output()).hasSize(2);
    }
}
