package dev.aurelis.providers.translation;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A complete Anthropic Messages response rewritten as an OpenAI {@code chat.completion}. */
final class AnthropicResponseToChat {

    private AnthropicResponseToChat() {
    }

    static ObjectNode convert(ObjectNode message) {
        if ("error".equals(Json.text(message, "type"))) {
            return error(message);
        }
        StringBuilder text = new StringBuilder();
        ArrayNode toolCalls = Json.array();
        for (JsonNode block : Json.elements(message, "content")) {
            switch (Json.text(block, "type", "")) {
                case "text" -> text.append(Json.text(block, "text", ""));
                case "tool_use" -> {
                    ObjectNode call = toolCalls.addObject()
                            .put("id", Json.text(block, "id"))
                            .put("type", "function");
                    call.putObject("function")
                            .put("name", Json.text(block, "name"))
                            .put("arguments", Json.write(block.has("input") ? block.get("input") : Json.object()));
                }
                // Thinking (and redacted thinking) has no place in a chat completion; server tool blocks are
                // results Anthropic already acted on.
                default -> {
                }
            }
        }

        ObjectNode chat = Json.object()
                .put("id", Ids.convert(Json.text(message, "id"), "chatcmpl-"))
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", Json.text(message, "model", ""));
        ObjectNode choice = chat.putArray("choices").addObject().put("index", 0);
        ObjectNode reply = choice.putObject("message").put("role", "assistant");
        // OpenAI sends null content for a reply that is only tool calls.
        reply.put("content", text.isEmpty() && !toolCalls.isEmpty() ? null : text.toString());
        reply.putNull("refusal");
        if (!toolCalls.isEmpty()) {
            reply.set("tool_calls", toolCalls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(Json.text(message, "stop_reason")));
        chat.set("usage", usage(message.get("usage")));
        return chat;
    }

    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            // end_turn, stop_sequence, pause_turn
            default -> "stop";
        };
    }

    /**
     * OpenAI counts cached input inside {@code prompt_tokens}; Anthropic reports the uncached remainder, the
     * cache reads and the cache writes separately.
     */
    static ObjectNode usage(JsonNode usage) {
        long cacheRead = Json.number(usage, "cache_read_input_tokens");
        long cacheWrite = Json.number(usage, "cache_creation_input_tokens");
        long prompt = Json.number(usage, "input_tokens") + cacheRead + cacheWrite;
        long completion = Json.number(usage, "output_tokens");
        ObjectNode chat = Json.object()
                .put("prompt_tokens", prompt)
                .put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        chat.putObject("prompt_tokens_details").put("cached_tokens", cacheRead).put("cache_write_tokens", cacheWrite);
        return chat;
    }

    /** An Anthropic error body as the OpenAI error body. */
    static ObjectNode error(JsonNode anthropicError) {
        JsonNode error = anthropicError.get("error");
        ObjectNode chat = Json.object();
        chat.putObject("error")
                .put("message", Json.text(error, "message", "Upstream error"))
                .put("type", Json.text(error, "type", "api_error"))
                .putNull("param")
                .putNull("code");
        return chat;
    }
}
