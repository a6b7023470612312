package dev.aurelis.workflows.execution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON calls to a code host's REST API (GitHub, GitLab): the host's own headers, two retries with a short backoff when
 * the host says a call may be repeated, and a failure that names the call and the host's message.
 */
public final class CodeHostHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 3;

    private final String hostName;
    private final Consumer<HttpRequest.Builder> headers;
    private final Predicate<HttpResponse<byte[]>> retryable;
    private final Function<JsonNode, String> message;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param hostName  the host as failures name it ("GitHub")
     * @param headers   adds the host's accept, version and token headers to every call
     * @param retryable whether a refused call may be repeated
     * @param message   the host's explanation in its error body
     */
    public CodeHostHttp(String hostName, Consumer<HttpRequest.Builder> headers,
            Predicate<HttpResponse<byte[]>> retryable, Function<JsonNode, String> message) {
        this.hostName = hostName;
        this.headers = headers;
        this.retryable = retryable;
        this.message = message;
    }

    /** Thrown when the host refuses a call or cannot be reached ({@link #status} 0). */
    public static final class Failure extends RuntimeException {
        public final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * Aurelis cannot authenticate to the host as configured (a GitHub App's key cannot be read, or the host refuses
     * it): repeating the call cannot help, so the run fails with this message instead of being taken up again.
     */
    public static final class Misconfigured extends RuntimeException {

        public Misconfigured(String message) {
            super(message);
        }
    }

    /** Sends {@code body} (or nothing) to {@code baseUrl + path}; an empty answer reads as an empty object. */
    public JsonNode send(String baseUrl, String method, String path, JsonNode body) {
        return send(baseUrl, method, path, body, request -> { });
    }

    /** As {@link #send(String, String, String, JsonNode)}, with headers of this call's own (its credentials). */
    public JsonNode send(String baseUrl, String method, String path, JsonNode body,
            Consumer<HttpRequest.Builder> callHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("user-agent", "aurelis-workflows")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        headers.accept(request);
        callHeaders.accept(request);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt < ATTEMPTS) {
                    backoff(attempt);
                    continue;
                }
                throw new Failure(0, method + " " + path + " could not reach " + hostName + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(0, method + " " + path + " was interrupted");
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            }
            if (retryable.test(response) && attempt < ATTEMPTS) {
                backoff(attempt);
                continue;
            }
            throw new Failure(status, method + " " + path + " was answered " + status + ": " + explanation(response.body()));
        }
    }

    private String explanation(byte[] body) {
        try {
            return message.apply(JSON.readTree(body));
        } catch (RuntimeException e) {
            return "(no message)";
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(500L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
