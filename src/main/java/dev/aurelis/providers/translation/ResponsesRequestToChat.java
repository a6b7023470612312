package dev.aurelis.providers.translation;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI Responses request rewritten as a Chat Completions request, for providers that only offer
 * {@code /v1/chat/completions}. Chat is stateless and runs no hosted tools, so {@code previous_response_id},
 * {@code store}, {@code include} and non-function tools have no counterpart and are left out.
 */
final class ResponsesRequestToChat {

    private ResponsesRequestToChat() {
    }

    static ObjectNode convert(ObjectNode responses) {
        ObjectNode chat = Json.object();
        Json.copy(responses, "model", chat);

        ArrayNode messages = chat.putArray("messages");
        String instructions = Json.text(responses, "instructions", "");
        if (!instructions.isEmpty()) {
            messages.addObject().put("role", "system").put("content", instructions);
        }
        JsonNode input = responses.get("input");
        if (input != null && input.isString()) {
            messages.addObject().put("role", "user").put("content", input.stringValue());
        } else if (input != null && input.isArray()) {
            input.forEach(item -> item(item, messages));
        }

        if (Json.number(responses, "max_output_tokens") > 0) {
            chat.put("max_completion_tokens", Json.number(responses, "max_output_tokens"));
        }
        Json.copy(responses, "temperature", chat);
        Json.copy(responses, "top_p", chat);
        Json.copy(responses, "user", chat);
        Json.copy(responses, "prompt_cache_key", chat);
        Json.copy(responses, "safety_identifier", chat);
        Json.copy(responses.get("reasoning"), "effort", chat, "reasoning_effort");
        responseFormat(Json.objectAt(responses.get("text"), "format"), chat);
        if (Json.isTrue(responses, "stream")) {
            chat.put("stream", true);
            // response.completed carries usage, so the provider must report it.
            chat.putObject("stream_options").put("include_usage", true);
        } else if (Json.present(responses, "stream")) {
            chat.put("stream", false);
        }
        tools(responses, chat);
        return chat;
    }

    /** Function tools as chat tools; called from the composition with Anthropic too. */
    static ArrayNode functionTools(JsonNode responses) {
        ArrayNode tools = Json.array();
        for (JsonNode tool : Json.elements(responses, "tools")) {
            if ("function".equals(Json.text(tool, "type"))) {
                tools.add(tool.deepCopy());
            }
        }
        return tools;
    }

    private static void item(JsonNode item, ArrayNode messages) {
        // Items written in the short form ({"role": …, "content": …}) have no type.
        String type = Json.text(item, "type", item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> message(item, messages);
            case "function_call" -> {
                ObjectNode call = Json.object().put("id", Json.text(item, "call_id")).put("type", "function");
                call.putObject("function")
                        .put("name", Json.text(item, "name", ""))
                        .put("arguments", Json.text(item, "arguments", "{}"));
                toolCallsOfLastAssistant(messages).add(call);
            }
            case "function_call_output" -> messages.addObject()
                    .put("role", "tool")
                    .put("tool_call_id", Json.text(item, "call_id"))
                    .put("content", outputText(item.get("output")));
            // reasoning items are encrypted or summaries of the provider's own reasoning; item_reference and
            // hosted tool calls need server state that chat does not keep.
            default -> {
            }
        }
    }

    private static void message(JsonNode item, ArrayNode messages) {
        String role = Json.text(item, "role", "user");
        JsonNode content = item.get("content");
        switch (role) {
            // "developer" is understood by OpenAI but not by every compatible server; "system" is.
            case "system", "developer" -> messages.addObject().put("role", "system").put("content", joinedText(content));
            case "assistant" -> messages.addObject().put("role", "assistant").put("content", joinedText(content));
            default -> userMessage(content, messages);
        }
    }

    /**
     * Responses lists an assistant turn's text and each of its function calls as separate items; chat wants
     * them in one assistant message.
     */
    private static ArrayNode toolCallsOfLastAssistant(ArrayNode messages) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        ObjectNode assistant;
        if (last instanceof ObjectNode object && "assistant".equals(Json.text(object, "role"))) {
            assistant = object;
            if (Json.text(assistant, "content", "").isEmpty()) {
                assistant.putNull("content");
            }
        } else {
            assistant = messages.addObject().put("role", "assistant");
            assistant.putNull("content");
        }
        return assistant.withArray("tool_calls");
    }

    private static void userMessage(JsonNode content, ArrayNode messages) {
        if (content == null || content.isString()) {
            messages.addObject().put("role", "user").put("content", content == null ? "" : content.stringValue());
            return;
        }
        ArrayNode parts = Json.array();
        for (JsonNode part : content) {
            switch (Json.text(part, "type", "")) {
                case "input_text", "output_text" -> parts.addObject().put("type", "text").put("text", Json.text(part, "text", ""));
                case "input_image" -> {
                    // Images uploaded as files (file_id) live in OpenAI's storage and cannot be sent elsewhere.
                    String url = Json.text(part, "image_url");
                    if (url != null) {
                        ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
                        Json.copy(part, "detail", image);
                    }
                }
                case "input_file" -> {
                    if (Json.text(part, "file_data") != null) {
                        ObjectNode file = parts.addObject().put("type", "file").putObject("file");
                        Json.copy(part, "file_data", file);
                        Json.copy(part, "filename", file);
                    }
                }
                default -> {
                }
            }
        }
        ObjectNode user = messages.addObject().put("role", "user");
        if (parts.size() == 1 && "text".equals(Json.text(parts.get(0), "type"))) {
            user.put("content", Json.text(parts.get(0), "text"));
        } else {
            user.set("content", parts);
        }
    }

    private static String joinedText(JsonNode content) {
        if (content == null || content.isString()) {
            return content == null ? "" : content.stringValue();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : content) {
            String text = Json.text(part, "text");
            if (text == null) {
                text = Json.text(part, "refusal");
            }
            if (text != null) {
                texts.add(text);
            }
        }
        return String.join("", texts);
    }

    /** A function call's output is a string, or (newer clients) a list of input_text / input_image parts. */
    private static String outputText(JsonNode output) {
        if (output == null || output.isNull()) {
            return "";
        }
        if (output.isString()) {
            return output.stringValue();
        }
        if (output.isArray()) {
            return joinedText(output);
        }
        return Json.write(output);
    }

    private static void responseFormat(ObjectNode format, ObjectNode chat) {
        String type = Json.text(format, "type", "text");
        if ("json_object".equals(type)) {
            chat.putObject("response_format").put("type", "json_object");
        } else if ("json_schema".equals(type)) {
            // Responses flattens the schema settings into text.format; chat nests them under json_schema.
            ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
            for (String field : new String[] {"name", "description", "schema", "strict"}) {
                Json.copy(format, field, schema);
            }
        }
    }

    private static void tools(ObjectNode responses, ObjectNode chat) {
        ArrayNode tools = Json.array();
        for (JsonNode tool : functionTools(responses)) {
            ObjectNode function = tools.addObject().put("type", "function").putObject("function")
                    .put("name", Json.text(tool, "name", ""));
            for (String field : new String[] {"description", "parameters", "strict"}) {
                Json.copy(tool, field, function);
            }
        }
        if (tools.isEmpty()) {
            return;
        }
        chat.set("tools", tools);
        JsonNode choice = responses.get("tool_choice");
        if (choice != null && choice.isString()) {
            chat.put("tool_choice", choice.stringValue());
        } else if ("function".equals(Json.text(choice, "type"))) {
            chat.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", Json.text(choice, "name"));
        }
        if (responses.has("parallel_tool_calls") && responses.get("parallel_tool_calls").isBoolean()) {
            chat.put("parallel_tool_calls", Json.isTrue(responses, "parallel_tool_calls"));
        }
    }
}
