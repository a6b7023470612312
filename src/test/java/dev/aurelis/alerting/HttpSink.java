package dev.aurelis.alerting;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP endpoint standing in for Slack, Teams, PagerDuty or a webhook receiver: records every request and
 * answers with the statuses a test queues (then with {@code defaultStatus} and {@code defaultBody}, which are the
 * vendor's documented success answer).
 */
final class HttpSink implements AutoCloseable {

    record Request(String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> queued = new ArrayDeque<>();
    private final int defaultStatus;
    private final String defaultBody;

    private HttpSink(int defaultStatus, String defaultBody) {
        this.defaultStatus = defaultStatus;
        this.defaultBody = defaultBody;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
            int status;
            synchronized (queued) {
                status = queued.isEmpty() ? this.defaultStatus : queued.pop();
            }
            byte[] answer = (status < 300 ? this.defaultBody : "{\"error\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Slack answers {@code ok} with 200. */
    static HttpSink slack() {
        return new HttpSink(200, "ok");
    }

    /** A Teams workflow accepts with 202. */
    static HttpSink teams() {
        return new HttpSink(202, "");
    }

    /** PagerDuty's Events API v2 answers 202 with status, message and dedup key. */
    static HttpSink pagerDuty() {
        return new HttpSink(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}");
    }

    static HttpSink webhook() {
        return new HttpSink(204, "");
    }

    /** The next {@code count} requests get {@code status}. */
    void failNext(int count, int status) {
        synchronized (queued) {
            for (int i = 0; i < count; i++) {
                queued.add(status);
            }
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
