package dev.aurelis.operations;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes Aurelis's dashboard ({@code deploy/monitoring/grafana-dashboard.json}) to a Grafana through its dashboard
 * API ({@code POST /api/dashboards/db}, overwriting the dashboard of the same uid) when
 * {@code integrations.monitoring.grafana} is on, so every upgrade brings its dashboard along. Grafana being away
 * does not hold Aurelis up: the publication is retried in the background, every minute for an hour; a refused token
 * is reported once and not retried.
 */
@Component
public class GrafanaDashboard implements DisposableBean {

    /** Where the dashboard goes: the Grafana, a service account token that may write dashboards, the folder or null. */
    public record Target(URI url, String token, String folderUid) {
    }

    /** What the last publication came to: {@code published}, {@code retrying}, {@code refused}, or null before any. */
    public record Outcome(String status, String detail) {
    }

    static final String RESOURCE = "/monitoring/grafana-dashboard.json";
    private static final Logger log = LoggerFactory.getLogger(GrafanaDashboard.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 60;
    private static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("grafana-dashboard").factory());
    private final AtomicReference<Outcome> outcome = new AtomicReference<>();

    private volatile boolean served;

    /** {@code integrations.monitoring.grafana} is on: the dashboard is served for import. */
    public void serve() {
        served = true;
    }

    /** The dashboard as Grafana imports it, when {@code integrations.monitoring.grafana} is on. */
    public java.util.Optional<ObjectNode> served() {
        return served ? java.util.Optional.of((ObjectNode) body(new Target(URI.create("http://localhost"), "", null))
                .get("dashboard")) : java.util.Optional.empty();
    }

    /** Publishes the dashboard in the background, retrying while Grafana does not answer. */
    public void publish(Target target) {
        AtomicInteger attempt = new AtomicInteger();
        Runnable once = new Runnable() {
            @Override
            public void run() {
                Outcome result = publishNow(target);
                outcome.set(result);
                if (result.status().equals("retrying") && attempt.incrementAndGet() < ATTEMPTS) {
                    retries.schedule(this, RETRY_AFTER.toSeconds(), TimeUnit.SECONDS);
                }
            }
        };
        retries.execute(once);
    }

    /** The outcome of the latest attempt, or null before any. */
    public Outcome lastOutcome() {
        return outcome.get();
    }

    Outcome publishNow(Target target) {
        URI api = URI.create(target.url().toString().replaceAll("/+$", "") + "/api/dashboards/db");
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(30))
                    .header("authorization", "Bearer " + target.token())
                    .header("content-type", "application/json").header("accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body(target)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                String where = JSON.readTree(answer.body()).path("url").asString("");
                log.info("Published the Aurelis dashboard to Grafana: {}{}", target.url(), where);
                return new Outcome("published", target.url() + where);
            }
            String reason = "Grafana answered HTTP " + answer.statusCode() + ": " + abbreviate(answer.body());
            if (answer.statusCode() == 401 || answer.statusCode() == 403 || answer.statusCode() == 404
                    || answer.statusCode() == 400 || answer.statusCode() == 412) {
                log.warn("Could not publish the Aurelis dashboard to Grafana ({}); check integrations.monitoring."
                        + "grafana_url, grafana_token (dashboards:write) and grafana_folder_uid", reason);
                return new Outcome("refused", reason);
            }
            log.warn("Could not publish the Aurelis dashboard to Grafana yet ({}); trying again in a minute", reason);
            return new Outcome("retrying", reason);
        } catch (IOException e) {
            log.warn("Could not reach Grafana at {} ({}); trying again in a minute", target.url(), e.getMessage());
            return new Outcome("retrying", "Grafana did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome("retrying", "interrupted");
        }
    }

    /** The dashboard API's request: the dashboard without a numeric id (Grafana matches on uid), overwriting. */
    static ObjectNode body(Target target) {
        ObjectNode dashboard;
        try (InputStream in = GrafanaDashboard.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("this build carries no " + RESOURCE);
            }
            dashboard = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the dashboard " + RESOURCE + " could not be read", e);
        }
        dashboard.putNull("id");
        ObjectNode body = JSON.createObjectNode();
        body.set("dashboard", dashboard);
        if (target.folderUid() != null) {
            body.put("folderUid", target.folderUid());
        }
        body.put("overwrite", true);
        body.put("message", "Published by Aurelis at start");
        return body;
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
