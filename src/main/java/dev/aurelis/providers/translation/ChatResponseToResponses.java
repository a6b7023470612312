package dev.aurelis.providers.translation;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A complete OpenAI {@code chat.completion} rewritten as a Responses {@code response} object. */
final class ChatResponseToResponses {

    private ChatResponseToResponses() {
    }

    static ObjectNode convert(ObjectNode chat, ObjectNode clientRequest) {
        if (chat.has("error")) {
            // Both APIs use the same error body.
            return chat;
        }
        ObjectNode response = envelope(
                Ids.convert(Json.text(chat, "id"), "resp_"),
                chat.has("created") ? Json.number(chat, "created") : Instant.now().getEpochSecond(),
                Json.text(chat, "model", Json.text(clientRequest, "model", "")),
                clientRequest);
        JsonNode choice = Json.elements(chat, "choices").stream().findFirst().orElse(Json.object());
        JsonNode message = choice.get("message");

        ArrayNode output = response.putArray("output");
        String text = Json.text(message, "content", "");
        if (!text.isEmpty()) {
            output.add(messageItem(Ids.random("msg_"), "completed", outputText(text)));
        }
        String refusal = Json.text(message, "refusal", "");
        if (!refusal.isEmpty()) {
            output.add(messageItem(Ids.random("msg_"), "completed",
                    Json.object().put("type", "refusal").put("refusal", refusal)));
        }
        for (JsonNode call : Json.elements(message, "tool_calls")) {
            JsonNode function = call.get("function");
            output.add(functionCallItem(Ids.random("fc_"), Json.text(call, "id", Ids.random("call_")),
                    Json.text(function, "name", ""), Json.text(function, "arguments", ""), "completed"));
        }
        finish(response, Json.text(choice, "finish_reason"), usage(chat.get("usage")));
        return response;
    }

    /**
     * The response object without output: the request settings echoed back the way the Responses API does,
     * with status {@code in_progress}. Streams send it in {@code response.created} and complete it later.
     */
    static ObjectNode envelope(String id, long createdAt, String model, ObjectNode request) {
        ObjectNode response = Json.object()
                .put("id", id)
                .put("object", "response")
                .put("created_at", createdAt)
                .put("status", "in_progress")
                .putNull("error")
                .putNull("incomplete_details");
        response.put("instructions", Json.text(request, "instructions"));
        response.put("max_output_tokens", Json.present(request, "max_output_tokens") ? Json.number(request, "max_output_tokens") : null);
        response.put("model", model);
        response.putArray("output");
        response.put("parallel_tool_calls", !request.has("parallel_tool_calls") || Json.isTrue(request, "parallel_tool_calls"));
        response.putNull("previous_response_id");
        ObjectNode reasoning = response.putObject("reasoning");
        reasoning.put("effort", Json.text(request.get("reasoning"), "effort"));
        reasoning.putNull("summary");
        response.put("store", false);
        echo(request, "temperature", response);
        ObjectNode text = response.putObject("text");
        ObjectNode format = Json.objectAt(request.get("text"), "format");
        text.set("format", format != null ? format.deepCopy() : Json.object().put("type", "text"));
        if (request.has("tool_choice")) {
            response.set("tool_choice", request.get("tool_choice").deepCopy());
        } else {
            response.put("tool_choice", "auto");
        }
        // Only function tools were served, so only they are reported.
        response.set("tools", ResponsesRequestToChat.functionTools(request));
        echo(request, "top_p", response);
        response.put("truncation", "disabled");
        response.putNull("usage");
        response.put("user", Json.text(request, "user"));
        response.putObject("metadata");
        return response;
    }

    private static void echo(ObjectNode request, String field, ObjectNode response) {
        if (Json.present(request, field)) {
            response.set(field, request.get(field).deepCopy());
        } else {
            response.putNull(field);
        }
    }

    /** Sets the final status (and why it is incomplete) and usage. */
    static void finish(ObjectNode response, String finishReason, ObjectNode usage) {
        String incompleteReason = switch (finishReason == null ? "" : finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
        if (incompleteReason == null) {
            response.put("status", "completed");
        } else {
            response.put("status", "incomplete");
            response.putObject("incomplete_details").put("reason", incompleteReason);
        }
        response.set("usage", usage);
    }

    static ObjectNode messageItem(String id, String status, ObjectNode... parts) {
        ObjectNode item = Json.object()
                .put("id", id)
                .put("type", "message")
                .put("status", status)
                .put("role", "assistant");
        ArrayNode content = item.putArray("content");
        for (ObjectNode part : parts) {
            content.add(part);
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    static ObjectNode functionCallItem(String id, String callId, String name, String arguments, String status) {
        return Json.object()
                .put("id", id)
                .put("type", "function_call")
                .put("status", status)
                .put("call_id", callId)
                .put("name", name)
                .put("arguments", arguments);
    }

    static ObjectNode usage(JsonNode chat) {
        long input = Json.number(chat, "prompt_tokens");
        long output = Json.number(chat, "completion_tokens");
        JsonNode inputDetails = chat == null ? null : chat.get("prompt_tokens_details");
        JsonNode outputDetails = chat == null ? null : chat.get("completion_tokens_details");
        ObjectNode usage = Json.object().put("input_tokens", input);
        usage.putObject("input_tokens_details")
                .put("cached_tokens", Json.number(inputDetails, "cached_tokens"))
                .put("cache_write_tokens", Json.number(inputDetails, "cache_write_tokens"));
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens", Json.number(outputDetails, "reasoning_tokens"));
        usage.put("total_tokens", Json.present(chat, "total_tokens") ? Json.number(chat, "total_tokens") : input + output);
        return usage;
    }
}
