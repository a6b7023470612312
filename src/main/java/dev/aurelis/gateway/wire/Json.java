package dev.aurelis.gateway.wire;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON on the hot path. Decimals are read as BigDecimal so a request forwarded after a change keeps every
 * number exactly as the client wrote it.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    public static ObjectNode readObject(byte[] bytes) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw GatewayError.invalid("The request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw GatewayError.invalid("The request body must be a JSON object.", null);
        }
        return (ObjectNode) node;
    }

    public static boolean isObject(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node != null && node.isObject();
        } catch (JacksonException e) {
            return false;
        }
    }

    /**
     * A copy of the object's own fields that shares their values with it: enough for a step that changes only
     * top-level fields, at the cost of one map instead of a copy of the whole tree (an 80 KB request is about
     * 150 KB of nodes).
     */
    public static ObjectNode topLevelCopy(ObjectNode node) {
        ObjectNode copy = node.objectNode();
        copy.setAll(node);
        return copy;
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String string(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /**
     * The parsed data of a streamed event when it may carry usage, else null (most content deltas are skipped
     * without parsing).
     */
    public static JsonNode readEventData(WireFormat provider, SseEvent event) {
        String data = event.data();
        if (data.isEmpty() || data.charAt(0) != '{') {
            return null;
        }
        boolean interesting = switch (provider) {
            case ANTHROPIC_MESSAGES -> "message_start".equals(event.event()) || "message_delta".equals(event.event());
            case OPENAI_RESPONSES -> event.event() != null && event.event().startsWith("response.")
                    && (event.event().endsWith(".completed") || event.event().endsWith(".incomplete") || event.event().endsWith(".failed"));
            default -> hasUsageObject(data);
        };
        if (!interesting) {
            return null;
        }
        try {
            return MAPPER.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Whether the text has {@code "usage": {…}} (chunks carry {@code "usage": null} until the last one). */
    private static boolean hasUsageObject(String data) {
        int at = data.lastIndexOf("\"usage\"");
        if (at < 0) {
            return false;
        }
        for (int i = at + 7; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '{') {
                return true;
            }
            if (c != ':' && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return false;
    }

    /** A string field of the {@code error} object of a provider's error body ({@code code}, {@code param}), or null. */
    public static String errorField(byte[] body, String field) {
        try {
            JsonNode node = MAPPER.readTree(body);
            JsonNode value = node == null ? null : node.path("error").get(field);
            return value != null && value.isString() ? value.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The human message inside a provider's error body, in either vendor's shape. */
    public static Optional<String> errorMessage(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null) {
                return Optional.empty();
            }
            JsonNode error = node.get("error");
            if (error != null && error.isObject() && error.path("message").isString()) {
                return Optional.of(error.path("message").asString());
            }
            if (error != null && error.isString()) {
                return Optional.of(error.asString());
            }
            if (node.path("message").isString()) {
                return Optional.of(node.path("message").asString());
            }
            return Optional.empty();
        } catch (JacksonException e) {
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text.length() > 500 ? text.substring(0, 500) : text);
        }
    }
}
