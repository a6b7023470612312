package dev.aurelis.workflows.gitlab;

import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import dev.aurelis.workflows.execution.CodeHostHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * GitLab's REST API (v4) as the workflows use it, with the token of {@code integrations.workflows.gitlab.token} in
 * {@code PRIVATE-TOKEN}. A call that fails is retried twice with a short backoff on 5xx and 429; otherwise the failure
 * names the call and GitLab's message.
 */
@Component
class GitLabApi {

    static final String DEFAULT_URL = "https://gitlab.com/api/v4";

    private final WorkflowCatalog catalog;
    private final CodeHostHttp http;

    GitLabApi(WorkflowCatalog catalog) {
        this.catalog = catalog;
        this.http = new CodeHostHttp("GitLab", request -> {
            request.header("accept", "application/json");
            ScmConnection connection = catalog.gitlab();
            if (connection.token() != null) {
                request.header("private-token", connection.token());
            }
        }, response -> response.statusCode() >= 500 || response.statusCode() == 429, error -> {
            JsonNode message = error.has("message") ? error.get("message") : error.path("error");
            return message.isString() ? message.asString() : message.toString();
        });
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
        return http.send(baseUrl(), "GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return http.send(baseUrl(), "POST", path, body);
    }

    JsonNode put(String path, JsonNode body) {
        return http.send(baseUrl(), "PUT", path, body);
    }
}
