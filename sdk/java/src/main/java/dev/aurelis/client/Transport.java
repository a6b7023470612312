package dev.aurelis.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP and JSON for every part: bearer authentication, snake_case on the wire, errors turned into
 * {@link AurelisApiException}. Fields the records do not name are ignored, so a newer server's answers still read.
 */
final class Transport {

    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // absent request fields keep the server's defaults; null inside a map stays (it removes shared context)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Duration timeout;

    Transport(HttpClient http, String baseUrl, String apiKey, Duration timeout) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** A JSON call; the answer read as {@code answer}, or null for {@code Void} and for an empty body. */
    <T> T json(String method, String path, Query query, Object body, Class<T> answer) {
        HttpRequest.Builder request = request(path, query).header("accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        String text = send(request.build(), method, path);
        if (answer == Void.class || text.isEmpty()) {
            return null;
        }
        try {
            return JSON.readValue(text, answer);
        } catch (JacksonException e) {
            throw new AurelisException("The answer to " + method + " " + path + " is not the expected JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    <T> T get(String path, Query query, Class<T> answer) {
        return json("GET", path, query, null, answer);
    }

    /** A GET answered as text, e.g. a report as CSV. */
    String text(String path, Query query, String accept) {
        return send(request(path, query).header("accept", accept).GET().build(), "GET", path);
    }

    /**
     * Opens a WebSocket on {@code path} with the same key; a refused handshake becomes the {@link AurelisApiException}
     * of the server's answer.
     */
    WebSocket webSocket(String path, Query query, WebSocket.Listener listener) {
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + path + query.encoded());
        try {
            return http.newWebSocketBuilder().connectTimeout(timeout)
                    .header("authorization", "Bearer " + apiKey)
                    .header("user-agent", "aurelis-client-java")
                    .buildAsync(uri, listener).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> answer = refused.getResponse();
                throw error(answer.statusCode(), answer.body() instanceof String text ? text : null);
            }
            throw new AurelisException("GET " + path + " (socket) failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AurelisException("GET " + path + " (socket) took longer than " + timeout + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AurelisException("GET " + path + " (socket) was interrupted.", e);
        }
    }

    private HttpRequest.Builder request(String path, Query query) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path + query.encoded()))
                .timeout(timeout)
                .header("authorization", "Bearer " + apiKey)
                .header("user-agent", "aurelis-client-java");
    }

    private String send(HttpRequest request, String method, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AurelisException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AurelisException(method + " " + path + " was interrupted.", e);
        }
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), response.body());
        }
        return response.body() == null ? "" : response.body();
    }

    static AurelisApiException error(int status, String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isObject()) {
                return new AurelisApiException(status, error.path("type").asString(null),
                        error.path("message").asString(body), body);
            }
        } catch (JacksonException e) {
            // not the error JSON (e.g. a proxy's page): the text itself is the message
        }
        return new AurelisApiException(status, null, body == null || body.isBlank() ? "(no body)" : body, body);
    }

    private static String write(Object body) {
        return body instanceof String text ? text : JSON.writeValueAsString(body);
    }
}
