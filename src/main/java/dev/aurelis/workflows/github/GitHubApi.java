package dev.aurelis.workflows.github;

import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import dev.aurelis.workflows.execution.CodeHostHttp;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

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

    private final WorkflowCatalog catalog;
    private final CodeHostHttp http;

    GitHubApi(WorkflowCatalog catalog) {
        this.catalog = catalog;
        this.http = new CodeHostHttp("GitHub", request -> {
            request.header("accept", "application/vnd.github+json").header("x-github-api-version", API_VERSION);
            ScmConnection connection = catalog.github();
            if (connection.token() != null) {
                request.header("authorization", "Bearer " + connection.token());
            }
        }, response -> response.statusCode() >= 500 || response.statusCode() == 429
                || (response.statusCode() == 403 && response.headers().firstValue("retry-after").isPresent()),
                error -> error.path("message").asString("(no message)"));
    }

    /** The API's base URL as configured (without a trailing slash). */
    String baseUrl() {
        String configured = catalog.github().apiUrl();
        return configured == null ? DEFAULT_URL : configured.replaceAll("/+$", "");
    }

    JsonNode get(String path) {
        return http.send(baseUrl(), "GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return http.send(baseUrl(), "POST", path, body);
    }

    JsonNode patch(String path, JsonNode body) {
        return http.send(baseUrl(), "PATCH", path, body);
    }
}
