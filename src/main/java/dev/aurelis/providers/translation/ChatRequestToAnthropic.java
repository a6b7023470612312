package dev.aurelis.providers.translation;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An OpenAI Chat Completions request rewritten as an Anthropic Messages request. */
final class ChatRequestToAnthropic {

    /** Anthropic requires {@code max_tokens}; OpenAI lets the model decide. This is the stand-in. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private ChatRequestToAnthropic() {
    }

    static ObjectNode convert(ObjectNode chat) {
        ObjectNode anthropic = Json.object();
        Json.copy(chat, "model", anthropic);

        List<String> system = new ArrayList<>();
        ArrayNode messages = Json.array();
        for (JsonNode message : Json.elements(chat, "messages")) {
            switch (Json.text(message, "role", "")) {
                // Anthropic has no system turns: every system or developer message joins the top-level prompt.
                case "system", "developer" -> system.addAll(texts(message.get("content")));
                case "user" -> append(messages, "user", userBlocks(message.get("content")));
                case "assistant" -> append(messages, "assistant", assistantBlocks(message));
                // Tool results are user content in Anthropic; consecutive ones merge into one user turn.
                case "tool" -> append(messages, "user", List.of(toolResult(message)));
                default -> {
                    // Legacy "function" messages carry no call id, so they cannot be paired with a tool_use.
                }
            }
        }
        if (system.size() == 1) {
            anthropic.put("system", system.getFirst());
        } else if (system.size() > 1) {
            ArrayNode blocks = anthropic.putArray("system");
            system.forEach(text -> blocks.addObject().put("type", "text").put("text", text));
        }
        anthropic.set("messages", messages);

        anthropic.put("max_tokens", maxTokens(chat));
        if (Json.present(chat, "temperature")) {
            // OpenAI accepts 0..2, Anthropic 0..1 and rejects anything above.
            anthropic.put("temperature", Math.max(0, Math.min(1, chat.get("temperature").asDouble())));
        }
        Json.copy(chat, "top_p", anthropic);
        Json.copy(chat, "top_k", anthropic);
        JsonNode stop = chat.get("stop");
        if (stop != null && stop.isString()) {
            anthropic.putArray("stop_sequences").add(stop.stringValue());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            anthropic.set("stop_sequences", stop.deepCopy());
        }
        if (Json.present(chat, "stream")) {
            anthropic.put("stream", Json.isTrue(chat, "stream"));
        }
        String user = Json.text(chat, "user");
        if (user != null) {
            anthropic.putObject("metadata").put("user_id", user);
        }
        tools(chat, anthropic);
        return anthropic;
    }

    private static long maxTokens(ObjectNode chat) {
        // max_completion_tokens replaced max_tokens in OpenAI's API; a client may send either.
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            if (Json.number(chat, field) > 0) {
                return Json.number(chat, field);
            }
        }
        return DEFAULT_MAX_TOKENS;
    }

    /** Adds {@code blocks} as a turn of {@code role}, merging into the previous turn when it has the same role. */
    private static void append(ArrayNode messages, String role, List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        ArrayNode content;
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(Json.text(last, "role"))) {
            content = (ArrayNode) last.get("content");
        } else {
            ObjectNode message = messages.addObject().put("role", role);
            content = message.putArray("content");
        }
        blocks.forEach(content::add);
    }

    /** The text of a content that is either a string or an array of text parts. */
    private static List<String> texts(JsonNode content) {
        List<String> texts = new ArrayList<>();
        if (content != null && content.isString()) {
            texts.add(content.stringValue());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                String text = Json.text(part, "text");
                if (text == null) {
                    text = Json.text(part, "refusal");
                }
                if (text != null) {
                    texts.add(text);
                }
            }
        }
        texts.removeIf(String::isEmpty);
        return texts;
    }

    private static List<ObjectNode> userBlocks(JsonNode content) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (content == null || !content.isArray()) {
            texts(content).forEach(text -> blocks.add(textBlock(text)));
            return blocks;
        }
        for (JsonNode part : content) {
            ObjectNode block = switch (Json.text(part, "type", "")) {
                case "text" -> Json.text(part, "text", "").isEmpty() ? null : textBlock(Json.text(part, "text"));
                case "image_url" -> imageBlock(part.get("image_url"));
                case "file" -> documentBlock(Json.objectAt(part, "file"));
                // Audio input has no Anthropic counterpart.
                default -> null;
            };
            if (block != null) {
                // Clients that know they talk to Claude mark cache breakpoints on OpenAI parts too.
                Json.copy(part, "cache_control", block);
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static ObjectNode textBlock(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    private static ObjectNode imageBlock(JsonNode imageUrl) {
        String url = imageUrl != null && imageUrl.isString() ? imageUrl.stringValue() : Json.text(imageUrl, "url");
        ObjectNode source = source(url);
        if (source == null) {
            return null;
        }
        ObjectNode block = Json.object().put("type", "image");
        block.set("source", source);
        return block;
    }

    /** PDFs sent as OpenAI file parts with inline data become Anthropic document blocks. */
    private static ObjectNode documentBlock(ObjectNode file) {
        ObjectNode source = source(Json.text(file, "file_data"));
        if (source == null || !"base64".equals(Json.text(source, "type"))) {
            return null;
        }
        ObjectNode block = Json.object().put("type", "document");
        block.set("source", source);
        Json.copy(file, "filename", block, "title");
        return block;
    }

    /** An Anthropic media source for a {@code data:} URL (inline base64) or an http(s) URL. */
    static ObjectNode source(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!url.startsWith("data:")) {
            return Json.object().put("type", "url").put("url", url);
        }
        int comma = url.indexOf(',');
        String header = comma < 0 ? "" : url.substring("data:".length(), comma);
        if (comma < 0 || !header.endsWith(";base64")) {
            return null;
        }
        return Json.object()
                .put("type", "base64")
                .put("media_type", header.substring(0, header.length() - ";base64".length()))
                .put("data", url.substring(comma + 1));
    }

    private static List<ObjectNode> assistantBlocks(JsonNode message) {
        List<ObjectNode> blocks = new ArrayList<>();
        // reasoning_content from OpenAI-compatible providers is dropped: Anthropic only takes back thinking
        // blocks it signed itself.
        texts(message.get("content")).forEach(text -> blocks.add(textBlock(text)));
        for (JsonNode call : Json.elements(message, "tool_calls")) {
            JsonNode function = call.get("function");
            ObjectNode block = Json.object()
                    .put("type", "tool_use")
                    .put("id", Json.text(call, "id", Ids.random("toolu_")))
                    .put("name", Json.text(function, "name", ""));
            block.set("input", Json.argumentsObject(Json.text(function, "arguments")));
            blocks.add(block);
        }
        return blocks;
    }

    private static ObjectNode toolResult(JsonNode message) {
        ObjectNode block = Json.object()
                .put("type", "tool_result")
                .put("tool_use_id", Json.text(message, "tool_call_id", ""));
        JsonNode content = message.get("content");
        if (content != null && content.isString() && !content.stringValue().isEmpty()) {
            block.put("content", content.stringValue());
        } else if (content != null && content.isArray()) {
            ArrayNode blocks = Json.array();
            texts(content).forEach(text -> blocks.add(textBlock(text)));
            if (!blocks.isEmpty()) {
                block.set("content", blocks);
            }
        }
        return block;
    }

    private static void tools(ObjectNode chat, ObjectNode anthropic) {
        ArrayNode tools = Json.array();
        for (JsonNode tool : Json.elements(chat, "tools")) {
            ObjectNode function = Json.objectAt(tool, "function");
            if (function == null || !"function".equals(Json.text(tool, "type", "function"))) {
                continue;
            }
            ObjectNode converted = tools.addObject().put("name", Json.text(function, "name", ""));
            Json.copy(function, "description", converted);
            ObjectNode schema = Json.objectAt(function, "parameters");
            // Anthropic requires an object schema even for tools without parameters.
            converted.set("input_schema", schema != null ? schema.deepCopy()
                    : Json.object().put("type", "object").set("properties", Json.object()));
            Json.copy(tool, "cache_control", converted);
        }
        if (tools.isEmpty()) {
            return;
        }
        anthropic.set("tools", tools);

        JsonNode choice = chat.get("tool_choice");
        ObjectNode converted = null;
        if (choice != null && choice.isString()) {
            converted = switch (choice.stringValue()) {
                case "none" -> Json.object().put("type", "none");
                case "required" -> Json.object().put("type", "any");
                default -> Json.object().put("type", "auto");
            };
        } else if (choice != null && choice.isObject()) {
            converted = Json.object().put("type", "tool").put("name", Json.text(choice.get("function"), "name", ""));
        }
        boolean serial = chat.has("parallel_tool_calls") && !Json.isTrue(chat, "parallel_tool_calls");
        if (serial && (converted == null || !"none".equals(Json.text(converted, "type")))) {
            if (converted == null) {
                converted = Json.object().put("type", "auto");
            }
            converted.put("disable_parallel_tool_use", true);
        }
        if (converted != null) {
            anthropic.set("tool_choice", converted);
        }
    }
}
