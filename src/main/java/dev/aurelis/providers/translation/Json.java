package dev.aurelis.providers.translation;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lenient reading of vendor JSON. Clients and OpenAI-compatible providers disagree on many details (a field
 * that is a string in one place is an array or null in another), so every accessor here answers "absent"
 * instead of throwing when the shape is not the expected one.
 */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private Json() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** The JSON object in {@code text}, or null when it is not one (keep-alive comments, truncated data). */
    static ObjectNode parseObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text) instanceof ObjectNode object ? object : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** The string value of {@code field}, or null when it is missing, null or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    static String text(JsonNode node, String field, String fallback) {
        String value = text(node, field);
        return value == null ? fallback : value;
    }

    static long number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.asLong() : 0;
    }

    static boolean isTrue(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    static boolean present(JsonNode node, String field) {
        return node != null && node.hasNonNull(field);
    }

    /** The object at {@code field}, or null. */
    static ObjectNode objectAt(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value instanceof ObjectNode object ? object : null;
    }

    /** The elements of the array at {@code field}; empty when it is missing or not an array. */
    static List<JsonNode> elements(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        List<JsonNode> result = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(result::add);
        }
        return result;
    }

    /** Copies {@code field} from one object to another when it has a non-null value. */
    static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (present(from, field)) {
            to.set(as, from.get(field).deepCopy());
        }
    }

    static void copy(JsonNode from, String field, ObjectNode to) {
        copy(from, field, to, field);
    }

    /**
     * Parses tool-call arguments, which OpenAI transports as a JSON string, into the object Anthropic wants.
     * Models occasionally produce arguments that are empty or not an object; the result is then an empty
     * object so the conversation can still be sent (the provider would reject anything else).
     */
    static ObjectNode argumentsObject(String arguments) {
        ObjectNode parsed = parseObject(arguments);
        return parsed == null ? object() : parsed;
    }
}
