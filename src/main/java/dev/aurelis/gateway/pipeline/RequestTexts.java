package dev.aurelis.gateway.pipeline;

import dev.aurelis.privacy.ExchangeScreen;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every text of a request, in any of the wire formats: messages and their parts, system prompts, tool results and
 * tool call arguments, tool descriptions, prompts and embedding inputs. One walk of the JSON tree hands each string
 * to the privacy screen with where it is; the fields that steer the exchange or carry opaque data (model, ids,
 * roles, thinking signatures, encrypted reasoning, inline images) are left alone. A tool call whose arguments name
 * excluded content passes its exclusion to the result that answers it (matched by the call's id).
 */
final class RequestTexts {

    private static final Set<String> OPAQUE = Set.of("model", "role", "type", "id", "tool_use_id", "tool_call_id",
            "call_id", "signature", "encrypted_content", "media_type", "detail", "format", "voice", "service_tier",
            "stop_reason", "cache_control", "previous_response_id", "reasoning_effort", "encoding_format", "user_id");
    private static final List<String> CALL_IDS = List.of("id", "call_id");
    private static final List<String> ANSWER_IDS = List.of("tool_use_id", "tool_call_id", "call_id");

    /** A string of the request that something was found in: where it is and its screen reference. */
    record Hit(List<Object> path, int ref) {
    }

    private final ExchangeScreen screen;
    private final List<Hit> hits = new ArrayList<>();
    private final Set<String> excludedCalls = new HashSet<>();
    private final Deque<ObjectNode> enclosing = new ArrayDeque<>();

    private RequestTexts(ExchangeScreen screen) {
        this.screen = screen;
    }

    /** Inspects every text of the body; returns those with findings. */
    static List<Hit> inspect(ObjectNode body, ExchangeScreen screen) {
        RequestTexts walk = new RequestTexts(screen);
        walk.object(body, new ArrayList<>(), false);
        return walk.hits;
    }

    /**
     * A copy of the body with each hit replaced by its redacted text for a deployment on or off premise. Only the
     * objects and arrays on the way to a hit are copied; everything else is shared with the client's body (ADR 0077:
     * a deep copy of an 80 KB request per premise was held for the whole exchange).
     */
    static ObjectNode redacted(ObjectNode body, List<Hit> hits, ExchangeScreen screen, boolean onPremise) {
        ObjectNode copy = body.objectNode();
        copy.setAll(body);
        Set<JsonNode> copied = Collections.newSetFromMap(new IdentityHashMap<>());
        copied.add(copy);
        for (Hit hit : hits) {
            JsonNode parent = copy;
            List<Object> path = hit.path();
            for (int i = 0; i < path.size() - 1; i++) {
                parent = copiedChild(parent, path.get(i), copied);
            }
            Object last = path.getLast();
            String text = screen.redacted(hit.ref(), onPremise);
            if (parent instanceof ObjectNode object) {
                object.put((String) last, text);
            } else if (parent instanceof ArrayNode array) {
                array.set((Integer) last, array.stringNode(text));
            }
        }
        return copy;
    }

    /** The child of a copied container at {@code step}, itself copied (once) and put in place of the shared one. */
    private static JsonNode copiedChild(JsonNode parent, Object step, Set<JsonNode> copied) {
        JsonNode child = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
        if (child == null || copied.contains(child)) {
            return child;
        }
        JsonNode own;
        if (child instanceof ObjectNode object) {
            ObjectNode c = object.objectNode();
            c.setAll(object);
            own = c;
        } else if (child instanceof ArrayNode array) {
            ArrayNode c = array.arrayNode(array.size());
            c.addAll(array);
            own = c;
        } else {
            return child;
        }
        copied.add(own);
        if (parent instanceof ObjectNode object) {
            object.set((String) step, own);
        } else if (parent instanceof ArrayNode array) {
            array.set((Integer) step, own);
        }
        return own;
    }

    private void object(ObjectNode node, List<Object> path, boolean linked) {
        boolean answersExcluded = linked || ANSWER_IDS.stream().anyMatch(k -> node.get(k) != null
                && node.get(k).isString() && excludedCalls.contains(node.get(k).asString()));
        if (isInlineData(node)) {
            return;
        }
        enclosing.push(node);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (OPAQUE.contains(field.getKey())) {
                continue;
            }
            path.add(field.getKey());
            value(field.getValue(), path, answersExcluded);
            path.removeLast();
        }
        enclosing.pop();
    }

    private void value(JsonNode value, List<Object> path, boolean linked) {
        if (value instanceof ObjectNode object) {
            object(object, path, linked);
        } else if (value instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                path.add(i);
                value(array.get(i), path, linked);
                path.removeLast();
            }
        } else if (value.isString()) {
            String text = value.asString();
            if (text.isEmpty()) {
                return;
            }
            // the location is a string built for a part with findings only: most parts have none
            int ref = screen.inspect(() -> location(path), text, linked);
            if (ref >= 0) {
                hits.add(new Hit(List.copyOf(path), ref));
                if (screen.excluded(ref)) {
                    remember(enclosing);
                }
            }
        }
    }

    /** The ids of the tool calls around an excluded text, so the results answering them are excluded as well. */
    private void remember(Deque<ObjectNode> objects) {
        for (ObjectNode object : objects) {
            for (String key : CALL_IDS) {
                JsonNode id = object.get(key);
                if (id != null && id.isString()) {
                    excludedCalls.add(id.asString());
                    return;
                }
            }
        }
    }

    /** Base64 images and documents, and data URLs: not text. */
    private static boolean isInlineData(ObjectNode node) {
        JsonNode type = node.get("type");
        if (type != null && "base64".equals(type.asString(""))) {
            return true;
        }
        JsonNode url = node.get("url");
        return url != null && url.isString() && url.asString().startsWith("data:");
    }

    static String location(List<Object> path) {
        StringBuilder where = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                where.append('[').append(index).append(']');
            } else {
                if (!where.isEmpty()) {
                    where.append('.');
                }
                where.append(step);
            }
        }
        return where.toString();
    }
}
