package dev.aurelis.providers.translation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A complete OpenAI {@code chat.completion} rewritten as an Anthropic Messages response. */
final class ChatResponseToAnthropic {

    private ChatResponseToAnthropic() {
    }

    static ObjectNode convert(ObjectNode chat) {
        if (chat.has("error")) {
            return error(chat.get("error"));
        }
        JsonNode choice = Json.elements(chat, "choices").stream().findFirst().orElse(Json.object());
        JsonNode reply = choice.get("message");

        ObjectNode message = Json.object()
                .put("id", Ids.convert(Json.text(chat, "id"), "msg_"))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", Json.text(chat, "model", ""));
        ArrayNode content = message.putArray("content");
        // reasoning_content (DeepSeek, vLLM, …) is dropped: an Anthropic thinking block needs a signature that
        // Anthropic would reject if the conversation later reached a real Claude model.
        String text = Json.text(reply, "content", "");
        String refusal = Json.text(reply, "refusal", "");
        if (!text.isEmpty() || !refusal.isEmpty()) {
            content.addObject().put("type", "text").put("text", text.isEmpty() ? refusal : text);
        }
        for (JsonNode call : Json.elements(reply, "tool_calls")) {
            JsonNode function = call.get("function");
            ObjectNode block = content.addObject()
                    .put("type", "tool_use")
                    .put("id", Json.text(call, "id", Ids.random("toolu_")))
                    .put("name", Json.text(function, "name", ""));
            block.set("input", Json.argumentsObject(Json.text(function, "arguments")));
        }
        boolean calledTools = !Json.elements(reply, "tool_calls").isEmpty();
        message.put("stop_reason", stopReason(Json.text(choice, "finish_reason"), calledTools, !refusal.isEmpty()));
        message.putNull("stop_sequence");
        message.set("usage", usage(chat.get("usage")));
        return message;
    }

    /**
     * Some OpenAI-compatible servers finish a tool-calling turn with {@code stop}; Anthropic clients only run
     * tools after {@code tool_use}, so tool calls decide.
     */
    static String stopReason(String finishReason, boolean calledTools, boolean refused) {
        String stopReason = switch (finishReason == null ? "stop" : finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
        if ("end_turn".equals(stopReason) && calledTools) {
            return "tool_use";
        }
        return "end_turn".equals(stopReason) && refused ? "refusal" : stopReason;
    }

    /** The reverse of {@link AnthropicResponseToChat#usage}: cache reads and writes leave the uncached input. */
    static ObjectNode usage(JsonNode usage) {
        JsonNode details = usage == null ? null : usage.get("prompt_tokens_details");
        long cacheRead = Json.number(details, "cached_tokens");
        long cacheWrite = Json.number(details, "cache_write_tokens");
        return Json.object()
                .put("input_tokens", Math.max(0, Json.number(usage, "prompt_tokens") - cacheRead - cacheWrite))
                .put("cache_creation_input_tokens", cacheWrite)
                .put("cache_read_input_tokens", cacheRead)
                .put("output_tokens", Json.number(usage, "completion_tokens"));
    }

    /** An OpenAI error body as the Anthropic error body. */
    static ObjectNode error(JsonNode error) {
        ObjectNode anthropic = Json.object().put("type", "error");
        anthropic.putObject("error")
                .put("type", Json.text(error, "type", "api_error"))
                .put("message", Json.text(error, "message", "Upstream error"));
        return anthropic;
    }
}
