package dev.aurelis.gateway.edge;

import dev.aurelis.gateway.wire.Utf8;

/**
 * Checks what Tomcat lets through in a request's path and query: every {@code %} escape well formed, no escaped
 * NUL, and the escaped bytes valid, shortest-form UTF-8 (an overlong form is how a NUL or a {@code /} is smuggled
 * past a filter). Answers the problem in words, or null when the target is sound.
 */
final class RequestTarget {

    private RequestTarget() {
    }

    static String problem(String rawPath, String rawQuery) {
        String path = problemIn(rawPath);
        if (path != null) {
            return "The request path " + path;
        }
        String query = problemIn(rawQuery);
        return query == null ? null : "The query string " + query;
    }

    /** Characters Tomcat is told to let through (server.tomcat.relaxed-*-chars) so they are refused here, in shape. */
    private static final String MUST_BE_ESCAPED = "\"<>[\\]^`{|} ";

    private static String problemIn(String raw) {
        if (raw == null) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x21 || c >= 0x7F || MUST_BE_ESCAPED.indexOf(c) >= 0) {
                return "contains the character '" + (c < 0x21 || c >= 0x7F ? String.format("\\u%04x", (int) c)
                        : String.valueOf(c)) + "', which must be percent-encoded.";
            }
        }
        if (raw.indexOf('%') < 0) {
            return null;
        }
        byte[] decoded = new byte[raw.length()];
        int length = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                // characters Tomcat let through are ASCII; anything else is kept as a marker that is not UTF-8 data
                decoded[length++] = c < 0x80 ? (byte) c : (byte) 'x';
                continue;
            }
            if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                return "has a '%' that is not followed by two hexadecimal digits.";
            }
            decoded[length++] = (byte) (hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
            i += 2;
        }
        for (int i = 0; i < length; i++) {
            if (decoded[i] == 0) {
                return "contains an escaped NUL character (%00).";
            }
        }
        return Utf8.firstInvalid(decoded, 0, length) < 0 ? null
                : "contains escaped bytes that are not valid UTF-8 (overlong or malformed).";
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
