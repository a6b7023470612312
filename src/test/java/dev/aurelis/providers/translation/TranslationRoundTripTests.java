package dev.aurelis.providers.translation;

import static dev.aurelis.providers.translation.Fixtures.json;
import static dev.aurelis.providers.translation.Fixtures.reread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.Translation;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat to Anthropic and back again (and the reverse) keeps everything both formats can express: what one
 * direction writes, the other reads back.
 */
class TranslationRoundTripTests {

    private final Translation chatOverAnthropic = Translations.between(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES);
    private final Translation anthropicOverChat = Translations.between(WireFormat.ANTHROPIC_MESSAGES, WireFormat.OPENAI_CHAT);

    @Test
    void aChatRequestSurvivesTheTripThroughAnthropic() {
        ObjectNode chat = json("""
                {
                  "model": "m",
                  "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": [
                      {"type": "text", "text": "What is this?"},
                      {"type": "image_url", "image_url": {"url": "data:image/webp;base64,UklGRg=="}}
                    ]},
                    {"role": "assistant", "content": null, "tool_calls": [
                      {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\\"q\\":\\"webp\\"}"}}
                    ]},
                    {"role": "tool", "tool_call_id": "call_1", "content": "An image format"},
                    {"role": "user", "content": "Thanks"}
                  ],
                  "tools": [{"type": "function", "function": {"name": "lookup", "description": "Looks up a term",
                             "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}}],
                  "tool_choice": {"type": "function", "function": {"name": "lookup"}},
                  "max_completion_tokens": 512,
                  "temperature": 0.3,
                  "top_p": 0.5,
                  "stop": ["END"],
                  "user": "u-1"
                }
                """);

        ObjectNode back = anthropicOverChat.request(chatOverAnthropic.request(chat));

        assertThat(reread(back)).isEqualTo(json("""
                {
                  "model": "m",
                  "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": [
                      {"type": "text", "text": "What is this?"},
                      {"type": "image_url", "image_url": {"url": "data:image/webp;base64,UklGRg=="}}
                    ]},
                    {"role": "assistant", "content": null, "tool_calls": [
                      {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\\"q\\":\\"webp\\"}"}}
                    ]},
                    {"role": "tool", "tool_call_id": "call_1", "content": "An image format"},
                    {"role": "user", "content": "Thanks"}
                  ],
                  "max_completion_tokens": 512,
                  "temperature": 0.3,
                  "top_p": 0.5,
                  "stop": ["END"],
                  "user": "u-1",
                  "tools": [{"type": "function", "function": {"name": "lookup", "description": "Looks up a term",
                             "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}}],
                  "tool_choice": {"type": "function", "function": {"name": "lookup"}}
                }
                """));
    }

    @Test
    void anAnthropicResponseSurvivesTheTripThroughChat() {
        ObjectNode message = json("""
                {"id": "msg_01Xyz", "type": "message", "role": "assistant", "model": "claude-opus-4-1",
                 "content": [
                   {"type": "text", "text": "Running it."},
                   {"type": "tool_use", "id": "toolu_01", "name": "bash", "input": {"command": "ls -la"}}
                 ],
                 "stop_reason": "tool_use", "stop_sequence": null,
                 "usage": {"input_tokens": 10, "cache_creation_input_tokens": 20, "cache_read_input_tokens": 30,
                           "output_tokens": 40}}""");

        ObjectNode back = anthropicOverChat.response(chatOverAnthropic.response(message, json("{}")), json("{}"));

        assertThat(reread(back)).isEqualTo(message);
    }

    @Test
    void aChatCompletionSurvivesTheTripThroughAnthropicExceptItsClock() {
        ObjectNode completion = json("""
                {"id": "chatcmpl-42", "object": "chat.completion", "created": 1, "model": "gpt-4.1",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Too long", "refusal": null},
                              "logprobs": null, "finish_reason": "length"}],
                 "usage": {"prompt_tokens": 100, "completion_tokens": 5, "total_tokens": 105,
                           "prompt_tokens_details": {"cached_tokens": 60, "cache_write_tokens": 0}}}""");

        ObjectNode back = chatOverAnthropic.response(anthropicOverChat.response(completion, json("{}")), json("{}"));

        JsonNode created = back.remove("created");
        assertThat(created.asLong()).isPositive();
        completion.remove("created");
        assertThat(reread(back)).isEqualTo(completion);
    }
}
