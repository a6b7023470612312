package dev.aurelis.workflows.github;

import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import dev.aurelis.workflows.execution.CodeHostHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * GitHub's REST API as the workflows use it, with the documented headers ({@code Accept:
 * application/vnd.github+json}, {@code X-GitHub-Api-Version}) and, as {@code Authorization: Bearer}, the installation
 * token of the repository's GitHub App installation when {@code integrations.workflows.github.app} is set (it wins
 * over a token), else the token of {@code integrations.workflows.github.token}. A call that fails is retried twice
 * with a short backoff when GitHub says it may be (5xx, 429, secondary rate limits); an installation token GitHub
 * refuses (401) is replaced once; otherwise the failure names the call and GitHub's message.
 */
@Component
class GitHubApi {

    static final String DEFAULT_URL = "https://api.github.com";
    private static final String API_VERSION = "2022-11-28";
    private static final Pattern REPOSITORY = Pattern.compile("^/repos/([^/]+/[^/?]+)");

    private final WorkflowCatalog catalog;
    private final GitHubAppTokens appTokens;
    private final CodeHostHttp http;

    GitHubApi(WorkflowCatalog catalog, GitHubAppTokens appTokens) {
        this.catalog = catalog;
        this.appTokens = appTokens;
        this.http = new CodeHostHttp("GitHub", GitHubApi::documentedHeaders, GitHubApi::retryable,
                error -> error.path("message").asString("(no message)"));
    }

    static void documentedHeaders(HttpRequest.Builder request) {
        request.header("accept", "application/vnd.github+json").header("x-github-api-version", API_VERSION);
    }

    static boolean retryable(HttpResponse<byte[]> response) {
        return response.statusCode() >= 500 || response.statusCode() == 429
                || (response.statusCode() == 403 && response.headers().firstValue("retry-after").isPresent());
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

    private JsonNode send(String method, String path, JsonNode body) {
        String base = baseUrl();
        if (!appTokens.configured()) {
            ScmConnection connection = catalog.github();
            return http.send(base, method, path, body, connection.token() == null ? request -> { }
                    : bearer(connection.token()));
        }
        String repository = repositoryOf(path);
        try {
            return http.send(base, method, path, body, bearer(appTokens.token(base, repository)));
        } catch (CodeHostHttp.Failure e) {
            if (e.status != 401) {
                throw e;
            }
            appTokens.forget(repository); // revoked or expired early: one more try with a new token
            return http.send(base, method, path, body, bearer(appTokens.token(base, repository)));
        }
    }

    private static Consumer<HttpRequest.Builder> bearer(String token) {
        return request -> request.header("authorization", "Bearer " + token);
    }

    /** Every call the workflows make is to {@code /repos/{owner}/{repo}/...}: the installation is the repository's. */
    private static String repositoryOf(String path) {
        Matcher m = REPOSITORY.matcher(path);
        if (!m.find()) {
            throw new IllegalStateException(path + " is not a repository's API path");
        }
        return m.group(1);
    }
}
