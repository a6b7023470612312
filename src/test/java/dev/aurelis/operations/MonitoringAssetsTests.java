package dev.aurelis.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard and the Prometheus alerting rules shipped under deploy/monitoring use only metrics that
 * GET /metrics serves (after one exchange), under the names and labels they query.
 */
class MonitoringAssetsTests extends GatewayTestBase {

    private static final Pattern METRIC = Pattern.compile("\\b((?:gen_ai|aurelis)_[a-z0-9_]+)\\b");
    private static final Pattern LABEL = Pattern.compile("\\b(?:by|without) \\(([a-z_, ]+)\\)|\\{([a-z_]+)=");

    @Test
    void everyMetricAndLabelTheDashboardAndRulesQueryIsServed() throws Exception {
        FAKE.usage(12, 3);
        String key = newKey("monitoring@example.com", "engineering");
        openAi("/v1/chat/completions", key, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        // a stream (time to first token) and an exchange on a model without a price (unpriced requests)
        openAi("/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        openAi("/v1/chat/completions", key, "{\"model\":\"house-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        String served = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                .header("authorization", "Bearer " + dev.aurelis.testing.TestDatabase.METRICS_TOKEN).build()).body();

        Set<String> expressions = new TreeSet<>();
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(Path.of("deploy/monitoring/grafana-dashboard.json")));
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asString())));
        Matcher rule = Pattern.compile("expr: \\|?\\s*([^\\n]+(?:\\n {12}[^\\n]+)*)")
                .matcher(Files.readString(Path.of("deploy/monitoring/prometheus-rules.yaml")));
        while (rule.find()) {
            expressions.add(rule.group(1));
        }
        assertThat(expressions).hasSizeGreaterThan(15);

        Set<String> missing = new TreeSet<>();
        for (String expr : expressions) {
            // metric names outside the label lists of by (...) clauses and {...} selectors
            Matcher m = METRIC.matcher(expr.replaceAll("\\b(?:by|without) \\([^)]*\\)", " ").replaceAll("\\{[^}]*}", " "));
            while (m.find()) {
                if (!served.contains("\n" + m.group(1) + "{") && !served.contains("\n" + m.group(1) + " ")) {
                    missing.add(m.group(1));
                }
            }
            Matcher l = LABEL.matcher(expr);
            while (l.find()) {
                String labels = l.group(1) != null ? l.group(1) : l.group(2);
                for (String label : labels.split(",\\s*")) {
                    if (!label.equals("le") && !served.contains(label.strip() + "=\"")) {
                        missing.add("label " + label.strip());
                    }
                }
            }
        }
        assertThat(missing).as("metrics and labels the shipped monitoring assets query but /metrics does not serve").isEmpty();
    }
}
