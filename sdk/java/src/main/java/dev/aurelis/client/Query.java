package dev.aurelis.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Query parameters of one request; parameters given null are left out, so the server's defaults apply. */
final class Query {

    private final Map<String, String> parameters = new LinkedHashMap<>();

    static Query of() {
        return new Query();
    }

    Query with(String name, Object value) {
        if (value != null) {
            parameters.put(name, value.toString());
        }
        return this;
    }

    String encoded() {
        if (parameters.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        parameters.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return joined.toString();
    }

    /** One path segment: a workspace or member name may hold characters a path may not. */
    static String segment(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A name or id in the path is required.");
        }
        return encode(value).replace("+", "%20");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
