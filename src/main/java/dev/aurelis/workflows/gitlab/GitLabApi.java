package dev.aurelis.workflows.gitlab;

import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitLab's REST API (v4) as the workflows use it, with the token of {@code integrations.workflows.gitlab.token} in
 * {@code PRIVATE-TOKEN}. A call that fails is retried twice with a short backoff on 5xx and 429; otherwise the failure
 * names the call and GitLab's message.
 */
@Component
class GitLabApi {

    static final String DEFAULT_URL = "https://gitlab.com/api/v4";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WorkflowCatalog catalog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    GitLabApi(WorkflowCatalog catalog) {
        this.catalog = catalog;
    }

    /** The path of a project's API, its {@code group/name} encoded as GitLab wants it. */
    static String project(String repository) {
        return "/projects/" + URLEncoder.encode(repository, StandardCharsets.UTF_8);
    }

    /** The API's base URL as configured (without a trailing slash). */
    String baseUrl() {
        String configured = catalog.gitlab().apiUrl();
        return configured == null ? DEFAULT_URL : configured.replaceAll("/+$", "");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    /** Thrown when GitLab refuses a call; {@link #status} says how. */
    static final class GitLabFailure extends RuntimeException {
        final int status;

        GitLabFailure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private JsonNode send(String method, String path, JsonNode body) {
        ScmConnection connection = catalog.gitlab();
        String base = baseUrl();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("accept", "application/json")
                .header("user-agent", "aurelis-workflows")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (connection.token() != null) {
            request.header("private-token", connection.token());
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
                throw new GitLabFailure(0, method + " " + path + " could not reach GitLab: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitLabFailure(0, method + " " + path + " was interrupted");
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            }
            if ((status >= 500 || status == 429) && attempt < 3) {
                backoff(attempt);
                continue;
            }
            throw new GitLabFailure(status, method + " " + path + " was answered " + status + ": " + message(response.body()));
        }
    }

    private static String message(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode message = node.has("message") ? node.get("message") : node.path("error");
            return message.isString() ? message.asString() : message.toString();
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
