package dev.aurelis.analytics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event streams custom metrics are computed from, with the fields each event carries (field name to the kind
 * of value: {@code text}, {@code number} or {@code flag}).
 */
public final class CustomMetricSources {

    /** Stream name to its fields and their kinds. */
    public static final Map<String, Map<String, List<String>>> STREAMS = streams();

    private CustomMetricSources() {
    }

    private static Map<String, Map<String, List<String>>> streams() {
        Map<String, Map<String, List<String>>> s = new LinkedHashMap<>();
        Map<String, List<String>> exchanges = new LinkedHashMap<>();
        for (String text : List.of("event_type", "user", "team", "department", "cost_center", "project", "model",
                "model_requested", "provider", "endpoint", "client_tool", "task", "status", "error_type")) {
            exchanges.put(text, List.of("text"));
        }
        exchanges.put("streamed", List.of("flag"));
        exchanges.put("priced", List.of("flag"));
        exchanges.put("retried", List.of("flag"));
        for (String number : List.of("latency_ms", "first_token_ms", "input_tokens", "cached_tokens", "output_tokens",
                "reasoning_tokens", "total_tokens", "cost", "attempt")) {
            exchanges.put(number, List.of("number"));
        }
        s.put("exchanges", Map.copyOf(exchanges));
        s.put("feedback", Map.of("event_type", List.of("text"), "user", List.of("text"), "team", List.of("text"),
                "model", List.of("text"), "client_tool", List.of("text"), "accepted", List.of("flag"),
                "rating", List.of("number")));
        s.put("budget_events", Map.of("event_type", List.of("text"), "scope", List.of("text"),
                "subject", List.of("text"), "period", List.of("text"), "threshold", List.of("number"),
                "spent", List.of("number"), "amount", List.of("number")));
        // Workflow runs (code reviews): one event when a run ends, from the workflows capability. The brief names
        // the stream a2_events; a2a_events is taken as the same stream.
        s.put("a2_events", Map.ofEntries(Map.entry("event_type", List.of("text")), Map.entry("workflow", List.of("text")),
                Map.entry("user", List.of("text")), Map.entry("repository", List.of("text")),
                Map.entry("team", List.of("text")), Map.entry("project", List.of("text")),
                Map.entry("source", List.of("text")), Map.entry("conclusion", List.of("text")),
                Map.entry("duration_ms", List.of("number")), Map.entry("findings", List.of("number")),
                Map.entry("blocking_findings", List.of("number"))));
        return java.util.Collections.unmodifiableMap(s);
    }

    /** What a histogram or gauge observes when it names no {@code value}: the stream's natural measure. */
    public static final Map<String, String> DEFAULT_VALUES = Map.of("exchanges", "latency_ms", "feedback", "rating",
            "budget_events", "spent", "a2_events", "duration_ms");

    /** The numeric fields of a stream (what a histogram or gauge may observe). */
    public static List<String> numeric(String stream) {
        return STREAMS.getOrDefault(stream, Map.of()).entrySet().stream()
                .filter(e -> e.getValue().contains("number")).map(Map.Entry::getKey).sorted().toList();
    }
}
