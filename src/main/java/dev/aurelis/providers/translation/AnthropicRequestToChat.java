package dev.aurelis.providers.translation;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An Anthropic Messages request rewritten as an OpenAI Chat Completions request. */
final class AnthropicRequestToChat {

    private AnthropicRequestToChat() {
    }

    static ObjectNode convert(ObjectNode anthropic) {
        ObjectNode chat = Json.object();
        Json.copy(anthropic, "model", chat);

        ArrayNode messages = chat.putArray("messages");
        String system = system(anthropic.get("system"));
        if (!system.isEmpty()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        for (JsonNode message : Json.elements(anthropic, "messages")) {
            if ("assistant".equals(Json.text(message, "role"))) {
                messages.add(assistant(message.get("content")));
            } else {
                user(message.get("content"), messages);
            }
        }

        if (Json.number(anthropic, "max_tokens") > 0) {
            // max_completion_tokens is what OpenAI's reasoning models accept (they reject max_tokens).
            chat.put("max_completion_tokens", Json.number(anthropic, "max_tokens"));
        }
        Json.copy(anthropic, "temperature", chat);
        Json.copy(anthropic, "top_p", chat);
        List<JsonNode> stops = Json.elements(anthropic, "stop_sequences");
        if (!stops.isEmpty()) {
            chat.set("stop", anthropic.get("stop_sequences").deepCopy());
        }
        if (Json.isTrue(anthropic, "stream")) {
            chat.put("stream", true);
            // Anthropic streams always end with usage, so the provider must send it.
            chat.putObject("stream_options").put("include_usage", true);
        } else if (Json.present(anthropic, "stream")) {
            chat.put("stream", false);
        }
        String user = Json.text(anthropic.get("metadata"), "user_id");
        if (user != null) {
            chat.put("user", user);
        }
        tools(anthropic, chat);
        return chat;
    }

    /** OpenAI-compatible providers widely accept only string system content, so the blocks are joined. */
    private static String system(JsonNode system) {
        if (system != null && system.isString()) {
            return system.stringValue();
        }
        List<String> texts = new ArrayList<>();
        if (system != null && system.isArray()) {
            system.forEach(block -> {
                String text = Json.text(block, "text");
                if (text != null && !text.isEmpty()) {
                    texts.add(text);
                }
            });
        }
        return String.join("\n\n", texts);
    }

    private static ObjectNode assistant(JsonNode content) {
        ObjectNode message = Json.object().put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode toolCalls = Json.array();
        if (content != null && content.isString()) {
            text.append(content.stringValue());
        }
        for (JsonNode block : content != null && content.isArray() ? content : Json.array()) {
            switch (Json.text(block, "type", "")) {
                case "text" -> text.append(Json.text(block, "text", ""));
                case "tool_use" -> {
                    ObjectNode call = toolCalls.addObject().put("id", Json.text(block, "id")).put("type", "function");
                    call.putObject("function")
                            .put("name", Json.text(block, "name"))
                            .put("arguments", Json.write(block.has("input") ? block.get("input") : Json.object()));
                }
                // thinking and redacted_thinking are Anthropic-signed; no OpenAI model can take them back.
                default -> {
                }
            }
        }
        message.put("content", text.isEmpty() && !toolCalls.isEmpty() ? null : text.toString());
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        return message;
    }

    /**
     * One Anthropic user turn becomes OpenAI {@code tool} messages for its tool results, which must directly
     * follow the assistant's tool calls, then a user message for the rest of its content.
     */
    private static void user(JsonNode content, ArrayNode messages) {
        if (content != null && content.isString()) {
            messages.addObject().put("role", "user").put("content", content.stringValue());
            return;
        }
        ArrayNode parts = Json.array();
        for (JsonNode block : content != null && content.isArray() ? content : Json.array()) {
            switch (Json.text(block, "type", "")) {
                case "tool_result" -> {
                    ArrayNode images = Json.array();
                    messages.addObject()
                            .put("role", "tool")
                            .put("tool_call_id", Json.text(block, "tool_use_id"))
                            .put("content", toolResultText(block.get("content"), images));
                    // OpenAI tool messages are text only; images a tool returned travel in the user message.
                    images.forEach(parts::add);
                }
                case "text" -> parts.addObject().put("type", "text").put("text", Json.text(block, "text", ""));
                case "image" -> {
                    ObjectNode part = imagePart(block);
                    if (part != null) {
                        parts.add(part);
                    }
                }
                case "document" -> {
                    ObjectNode part = documentPart(block);
                    if (part != null) {
                        parts.add(part);
                    }
                }
                default -> {
                }
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode user = messages.addObject().put("role", "user");
        if (parts.size() == 1 && "text".equals(Json.text(parts.get(0), "type"))) {
            // Plain string content is understood by every OpenAI-compatible server.
            user.put("content", Json.text(parts.get(0), "text"));
        } else {
            user.set("content", parts);
        }
    }

    private static String toolResultText(JsonNode content, ArrayNode images) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content) {
            if ("text".equals(Json.text(block, "type"))) {
                texts.add(Json.text(block, "text", ""));
            } else if ("image".equals(Json.text(block, "type"))) {
                ObjectNode part = imagePart(block);
                if (part != null) {
                    images.add(part);
                }
            }
        }
        return String.join("\n", texts);
    }

    private static ObjectNode imagePart(JsonNode block) {
        String url = url(block.get("source"));
        if (url == null) {
            return null;
        }
        ObjectNode part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static ObjectNode documentPart(JsonNode block) {
        JsonNode source = block.get("source");
        if ("text".equals(Json.text(source, "type"))) {
            return Json.object().put("type", "text").put("text", Json.text(source, "data", ""));
        }
        if (!"base64".equals(Json.text(source, "type"))) {
            return null;
        }
        ObjectNode part = Json.object().put("type", "file");
        ObjectNode file = part.putObject("file").put("file_data", url(source));
        Json.copy(block, "title", file, "filename");
        return part;
    }

    /** The OpenAI URL for an Anthropic media source: a {@code data:} URL for inline base64 data. */
    private static String url(JsonNode source) {
        return switch (Json.text(source, "type", "")) {
            case "base64" -> "data:" + Json.text(source, "media_type", "application/octet-stream") + ";base64,"
                    + Json.text(source, "data", "");
            case "url" -> Json.text(source, "url");
            default -> null;
        };
    }

    private static void tools(ObjectNode anthropic, ObjectNode chat) {
        ArrayNode tools = Json.array();
        for (JsonNode tool : Json.elements(anthropic, "tools")) {
            // Server tools (web search, code execution, …) have a versioned type and no input_schema:
            // only Anthropic can run them.
            if (!tool.has("input_schema")) {
                continue;
            }
            ObjectNode function = tools.addObject().put("type", "function").putObject("function")
                    .put("name", Json.text(tool, "name", ""));
            Json.copy(tool, "description", function);
            function.set("parameters", tool.get("input_schema").deepCopy());
        }
        if (tools.isEmpty()) {
            return;
        }
        chat.set("tools", tools);
        JsonNode choice = anthropic.get("tool_choice");
        switch (Json.text(choice, "type", "")) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "none" -> chat.put("tool_choice", "none");
            case "any" -> chat.put("tool_choice", "required");
            case "tool" -> chat.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", Json.text(choice, "name"));
            default -> {
            }
        }
        if (Json.isTrue(choice, "disable_parallel_tool_use")) {
            chat.put("parallel_tool_calls", false);
        }
    }
}
