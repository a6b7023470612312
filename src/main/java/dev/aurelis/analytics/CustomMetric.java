package dev.aurelis.analytics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A metric an organisation defines for itself, in the form of the brief's {@code analytics.custom_metrics}: a name,
 * a type, the event stream it is computed from, a filter on the events' fields and the dimensions it is broken down
 * by. Computed from the events Aurelis publishes and exposed on {@code /metrics} (as {@code aurelis_custom_<name>})
 * and in the analytics API.
 *
 * @param type   {@code counter} (events), {@code histogram} (the distribution of {@code value}) or {@code gauge}
 *               (the last {@code value})
 * @param source an event stream of {@link CustomMetricSources}
 * @param value  the numeric field a histogram or gauge observes (by default the stream's natural measure: an
 *               exchange's latency, a feedback's rating, a budget event's spend, a workflow run's duration); a
 *               counter counts events
 */
public record CustomMetric(String name, String type, String source, Map<String, String> filter,
        List<String> dimensions, String value, String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public CustomMetric {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A custom metric's 'name' is lower-case letters, digits and '_', starting "
                    + "with a letter, at most 63 characters; found '" + name + "'.");
        }
        type = type == null ? null : type.strip().toLowerCase(Locale.ROOT);
        if (!List.of("counter", "histogram", "gauge").contains(type)) {
            throw new IllegalArgumentException("Custom metric '" + name + "': 'type' must be counter, histogram or gauge.");
        }
        source = "a2a_events".equals(source) ? "a2_events" : source;
        if (source == null || !CustomMetricSources.STREAMS.containsKey(source)) {
            throw new IllegalArgumentException("Custom metric '" + name + "': 'source' must be one of "
                    + String.join(", ", CustomMetricSources.STREAMS.keySet()) + "; found '" + source + "'.");
        }
        Map<String, List<String>> fields = CustomMetricSources.STREAMS.get(source);
        filter = filter == null ? Map.of() : Map.copyOf(filter);
        for (String field : filter.keySet()) {
            if (!fields.containsKey(field)) {
                throw new IllegalArgumentException("Custom metric '" + name + "': the events of '" + source
                        + "' have no field '" + field + "' to filter on; they have " + String.join(", ", fields.keySet()) + ".");
            }
        }
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        if (dimensions.size() > 5) {
            throw new IllegalArgumentException("Custom metric '" + name + "': at most 5 dimensions.");
        }
        for (String dimension : dimensions) {
            if (!fields.containsKey(dimension)) {
                throw new IllegalArgumentException("Custom metric '" + name + "': the events of '" + source
                        + "' have no field '" + dimension + "'; they have " + String.join(", ", fields.keySet()) + ".");
            }
        }
        if (!type.equals("counter")) {
            value = value == null || value.isBlank() ? CustomMetricSources.DEFAULT_VALUES.get(source) : value.strip();
            if (!CustomMetricSources.numeric(source).contains(value)) {
                throw new IllegalArgumentException("Custom metric '" + name + "': a " + type + " observes a numeric "
                        + "field in 'value': one of " + String.join(", ", CustomMetricSources.numeric(source)) + ".");
            }
        } else if (value != null) {
            throw new IllegalArgumentException("Custom metric '" + name + "': a counter counts events and takes no 'value'.");
        }
    }
}
