package dev.aurelis.console;

import dev.aurelis.analytics.ChartEmbeds;
import dev.aurelis.analytics.UsageMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chart descriptions for the console's script (/assets/console.js draws them with Chart.js): a type, the labels of
 * the x axis and one series per measure, written as JSON into a {@code data-chart} attribute, so pages need no
 * inline script (the Content-Security-Policy allows none).
 */
@Component
class Charts {

    private final JsonMapper json = JsonMapper.builder().build();

    /** A daily measure of a chart. */
    private record Measure(String name, Function<UsageMetrics.Day, Number> value) {
    }

    /**
     * One of the overview's daily charts ({@link ChartEmbeds#CHARTS}): requests and failed requests, spend, latency
     * percentiles, or active people and tokens; with its accessible description.
     */
    Daily daily(String chart, UsageMetrics metrics) {
        return switch (chart) {
            case "requests" -> new Daily("Requests and failed requests per day", daily("bar", metrics,
                    new Measure("Requests", UsageMetrics.Day::requests),
                    new Measure("Failed", UsageMetrics.Day::failedRequests)));
            case "spend" -> new Daily("Spend per day", daily("line", metrics,
                    new Measure("Spend (" + metrics.currency() + ")", UsageMetrics.Day::cost)));
            case "latency" -> new Daily("Latency percentiles per day", daily("line", metrics,
                    new Measure("p50 ms", UsageMetrics.Day::p50), new Measure("p95 ms", UsageMetrics.Day::p95),
                    new Measure("p99 ms", UsageMetrics.Day::p99)));
            case "active_users" -> new Daily("Active users and tokens per day", daily("bar", metrics,
                    new Measure("Active users", UsageMetrics.Day::activeUsers),
                    new Measure("Tokens (thousands)", d -> d.tokens() / 1000.0)));
            default -> throw new IllegalArgumentException("no chart " + chart);
        };
    }

    /** A chart's description for screen readers and its JSON for the script. */
    record Daily(String description, String json) {
    }

    private String daily(String type, UsageMetrics metrics, Measure... measures) {
        Map<String, Function<UsageMetrics.Day, Number>> byName = new LinkedHashMap<>();
        for (Measure m : measures) {
            byName.put(m.name(), m.value());
        }
        return of(type, metrics.days(), d -> d.date().toString(), byName);
    }

    /** One series per measure over the same points, e.g. requests and errors per day. */
    <T> String of(String type, List<T> points, Function<T, String> label, Map<String, Function<T, Number>> measures) {
        List<Map<String, Object>> datasets = new ArrayList<>();
        measures.forEach((name, measure) -> {
            Map<String, Object> dataset = new LinkedHashMap<>();
            dataset.put("label", name);
            dataset.put("data", points.stream().map(measure).toList());
            datasets.add(dataset);
        });
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", type);
        chart.put("labels", points.stream().map(label).toList());
        chart.put("datasets", datasets);
        return json.writeValueAsString(chart);
    }
}
