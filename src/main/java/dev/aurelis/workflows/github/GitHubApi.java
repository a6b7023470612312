package dev.aurelis.workflows.github;

import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub's REST API as the workflows use it, with the documented headers ({@code Accept:
 * application/vnd.github+json}, {@code X-GitHub-Api-Version}) and the token of
 * {@code integrations.workflows.github.token} (an installation token or a personal access token). A call that fails
 * is retried twice with a short backoff when GitHub says it may be (5xx, 429, secondary rate limits); otherwise the
 * failure names the call and GitHub's message.
 */
@Component
class GitHubApi {

    static final String DEFAULT_URL = "https://api.github.com";
    private static final String API_VERSION = "2022-11-28";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WorkflowCatalog catalog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    GitHubApi(WorkflowCatalog catalog) {
        this.catalog = catalog;
    }

    /** The API's base URL as configured (without a trailing slash). */
    String baseUrl() {
        String configured = catalog.github().apiUrl();
        return configured == null ? DEFAULT_URL : configured.replaceAll("/+$", "");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode patch(String path, JsonNode body) {
        return send("PATCH", path, body);
    }

    /** Thrown when GitHub refuses a call; {@link #status} says how. */
    static final class GitHubFailure extends RuntimeException {
        final int status;

        GitHubFailure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private JsonNode send(String method, String path, JsonNode body) {
        ScmConnection connection = catalog.github();
        String base = baseUrl();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("accept", "application/vnd.github+json")
                .header("x-github-api-version", API_VERSION)
                .header("user-agent", "aurelis-workflows")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (connection.token() != null) {
            request.header("authorization", "Bearer " + connection.token());
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt < 3) {
                    backoff(attempt);
                    continue;
                }
                throw new GitHubFailure(0, method + " " + path + " could not reach GitHub: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubFailure(0, method + " " + path + " was interrupted");
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            }
            boolean retryable = status >= 500 || status == 429
                    || (status == 403 && response.headers().firstValue("retry-after").isPresent());
            if (retryable && attempt < 3) {
                backoff(attempt);
                continue;
            }
            throw new GitHubFailure(status, method + " " + path + " was answered " + status + ": " + message(response.body()));
        }
    }

    private static String message(byte[] body) {
        try {
            return JSON.readTree(body).path("message").asString("(no message)");
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
