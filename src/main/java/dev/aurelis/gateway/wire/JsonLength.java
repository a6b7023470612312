package dev.aurelis.gateway.wire;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The UTF-8 bytes of a node written as compact JSON, as {@link Json#bytes} writes it, counted without writing it:
 * the prompt's bound reads the length of the tool definitions (Claude Code's are 50 KB), which writing them out only
 * to measure cost more than the rest of the bound.
 */
final class JsonLength {

    private JsonLength() {
    }

    static long of(JsonNode node) {
        if (node.isString()) {
            return quoted(node.asString());
        }
        if (node.isObject()) {
            long bytes = 2;
            int fields = 0;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                bytes += quoted(field.getKey()) + 1 + of(field.getValue());
                fields++;
            }
            return bytes + Math.max(0, fields - 1);
        }
        if (node.isArray()) {
            long bytes = 2;
            for (JsonNode item : node) {
                bytes += of(item);
            }
            return bytes + Math.max(0, node.size() - 1);
        }
        return Json.bytes(node).length; // a number, true, false or null: a few bytes, written as the mapper writes them
    }

    /**
     * A string in quotes: a quote and a backslash escaped with a backslash, control characters too ({@code \n},
     * {@code \t}, {@code \r}, {@code \b} and {@code \f} in two characters, the others in six: a backslash, u and
     * four hex digits), the rest as UTF-8. A surrogate without its pair is escaped too, in six.
     */
    static long quoted(String text) {
        long bytes = 2;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                bytes += c == '"' || c == '\\' ? 2 : 1;
            } else if (c < 0x20) {
                bytes += c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f' ? 2 : 6;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 6;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
