package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.privacy.AnswerStream;
import dev.aurelis.privacy.ExchangeScreen;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Screens an answer on its way to the client, in the client's wire format, when the exchange's policy asks for it
 * (secrets in answers redacted, reversible placeholders given back). A complete answer is screened string by
 * string; a stream text delta by text delta through an {@link AnswerStream} per content block, which holds back at
 * most its window across chunk boundaries and releases what it held before the block ends.
 */
final class AnswerScreening {

    private static final Set<String> OPAQUE = Set.of("id", "model", "object", "type", "role", "stop_reason",
            "finish_reason", "signature", "encrypted_content", "status", "call_id", "tool_use_id", "system_fingerprint",
            "service_tier", "event", "sequence_number", "item_id", "response_id");

    private final ExchangeScreen screen;
    private final WireFormat format;
    private final Map<Integer, AnswerStream> blocks = new HashMap<>();

    AnswerScreening(ExchangeScreen screen, WireFormat format) {
        this.screen = screen;
        this.format = format;
    }

    /** A complete answer (JSON bytes in the client's format), screened. */
    byte[] complete(byte[] answer) {
        ObjectNode body;
        try {
            body = Json.readObject(answer);
        } catch (RuntimeException notJson) {
            return answer;
        }
        strings(body);
        return Json.bytes(body);
    }

    /** The client's events for one event of a streamed answer. */
    List<SseEvent> event(SseEvent event) {
        String data = event.data();
        if (data.isEmpty() || data.charAt(0) != '{') {
            return List.of(event);
        }
        ObjectNode json;
        try {
            json = Json.MAPPER.readTree(data) instanceof ObjectNode o ? o : null;
        } catch (JacksonException e) {
            return List.of(event);
        }
        if (json == null) {
            return List.of(event);
        }
        return switch (format) {
            case ANTHROPIC_MESSAGES -> anthropic(event, json);
            case OPENAI_RESPONSES -> responses(event, json);
            default -> chat(event, json);
        };
    }

    private List<SseEvent> anthropic(SseEvent event, ObjectNode json) {
        int index = json.path("index").asInt(0);
        if ("content_block_delta".equals(event.event()) && json.get("delta") instanceof ObjectNode delta
                && delta.get("text") != null && delta.get("text").isString()) {
            delta.put("text", stream(index).push(delta.get("text").asString()));
            return List.of(SseEvent.named(event.event(), Json.string(json)));
        }
        if ("content_block_stop".equals(event.event())) {
            AnswerStream held = blocks.remove(index);
            if (held != null && held.holding()) {
                ObjectNode release = Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
                release.putObject("delta").put("type", "text_delta").put("text", held.flush());
                return List.of(SseEvent.named("content_block_delta", Json.string(release)), event);
            }
        }
        return List.of(event);
    }

    private List<SseEvent> responses(SseEvent event, ObjectNode json) {
        String name = event.event() == null ? "" : event.event();
        int index = json.path("output_index").asInt(0) * 1000 + json.path("content_index").asInt(0);
        if (name.equals("response.output_text.delta") && json.get("delta") != null && json.get("delta").isString()) {
            json.put("delta", stream(index).push(json.get("delta").asString()));
            return List.of(SseEvent.named(name, Json.string(json)));
        }
        List<SseEvent> out = new ArrayList<>(2);
        if (name.equals("response.output_text.done")) {
            AnswerStream held = blocks.remove(index);
            if (held != null && held.holding()) {
                ObjectNode release = json.deepCopy();
                release.remove("text");
                release.put("type", "response.output_text.delta").put("delta", held.flush());
                out.add(SseEvent.named("response.output_text.delta", Json.string(release)));
            }
        }
        if (name.endsWith(".done") || name.equals("response.completed") || name.equals("response.incomplete")) {
            strings(json); // these repeat the whole text
            out.add(SseEvent.named(name, Json.string(json)));
            return out;
        }
        out.add(event);
        return out;
    }

    private List<SseEvent> chat(SseEvent event, ObjectNode json) {
        boolean changed = false;
        for (JsonNode choice : json.path("choices")) {
            if (!(choice instanceof ObjectNode c)) {
                continue;
            }
            int index = c.path("index").asInt(0);
            boolean last = c.get("finish_reason") != null && !c.get("finish_reason").isNull();
            ObjectNode holder = c.get("delta") instanceof ObjectNode delta ? delta : c.has("text") ? c : null;
            String field = holder == c ? "text" : "content";
            if (holder == null) {
                continue;
            }
            JsonNode text = holder.get(field);
            String piece = text != null && text.isString() ? stream(index).push(text.asString()) : null;
            if (last) {
                AnswerStream held = blocks.remove(index);
                if (held != null && held.holding()) {
                    piece = (piece == null ? "" : piece) + held.flush();
                }
            }
            if (piece != null) {
                holder.put(field, piece);
                changed = true;
            }
        }
        return List.of(changed ? SseEvent.data(Json.string(json)) : event);
    }

    private AnswerStream stream(int index) {
        return blocks.computeIfAbsent(index, i -> screen.answerStream());
    }

    private void strings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (OPAQUE.contains(field.getKey())) {
                    continue;
                }
                if (value.isString()) {
                    object.put(field.getKey(), screen.screenAnswer(value.asString()));
                } else {
                    strings(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isString()) {
                    array.set(i, array.stringNode(screen.screenAnswer(value.asString())));
                } else {
                    strings(value);
                }
            }
        }
    }
}
