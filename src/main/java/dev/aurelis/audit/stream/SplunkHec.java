package dev.aurelis.audit.stream;

import dev.aurelis.audit.AuditEntry;
import dev.aurelis.audit.AuditFormats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Splunk's HTTP Event Collector: a batch is one POST to {@code /services/collector/event} with
 * {@code Authorization: Splunk <token>} and the events stacked one after the other in the body, each
 * {@code {"time":…,"host":…,"source":"aurelis","sourcetype":"aurelis:audit","event":{…}}}. HEC answers
 * {@code {"text":"Success","code":0}}; any other answer (401 bad token, 400 bad data, 503 server busy…) fails the batch.
 */
final class SplunkHec implements Destination {

    static final String PATH = "/services/collector/event";

    private final String name;
    private final URI endpoint;
    private final String token;
    private final String host;
    private final HttpClient http;

    SplunkHec(String name, URI endpoint, String token, String host) {
        this.name = name;
        this.endpoint = endpoint;
        this.token = token;
        this.host = host;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(List<AuditEntry> entries) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        entries.forEach(e -> body.append(AuditFormats.splunkEvent(e, host)).append('\n'));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Splunk " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Splunk HEC answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
    }

    static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
