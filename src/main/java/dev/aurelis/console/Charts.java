package dev.aurelis.console;

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
