package dev.aurelis.testing;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * One request as it reached {@link FakeUpstream}: method, path, raw query (or {@code null}), headers (looked up
 * case-insensitively), the body as text and as a parsed JSON tree ({@link tools.jackson.databind.node.MissingNode}
 * when the body was empty or not JSON).
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
        String bodyText, JsonNode body) {

    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of the header {@code name} (any case), or {@code null} when it was not sent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Every value of the header {@code name} (any case); empty when it was not sent. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    public boolean hasHeader(String name) {
        return headers.containsKey(name);
    }

    /** The {@code model} field of the JSON body, or {@code null}. */
    public String model() {
        JsonNode model = body.get("model");
        return model != null && model.isString() ? model.stringValue() : null;
    }

    /** Whether the JSON body asked for a stream ({@code "stream": true}). */
    public boolean streaming() {
        JsonNode stream = body.get("stream");
        return stream != null && stream.isBoolean() && stream.booleanValue();
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " " + bodyText;
    }
}
