package dev.aurelis.workflows.github;

import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import dev.aurelis.workflows.execution.CodeHostHttp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Installation access tokens of the GitHub App ({@code integrations.workflows.github.app}), as GitHub documents
 * them: the installation of a repository is known from the webhook delivery's {@code installation.id}, or looked up
 * with {@code GET /repos/{owner}/{repo}/installation}; its token comes from
 * {@code POST /app/installations/{id}/access_tokens}, both called as the app with a fresh JWT. A token is kept in
 * memory per installation and used until five minutes before its {@code expires_at}, so no call of a run goes out
 * with a token that expires on the way. Nothing is stored: after a restart the first call mints a new token.
 */
@Component
class GitHubAppTokens {

    /** A token this close to its expiry is replaced before the next call. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private final WorkflowCatalog catalog;
    private final CodeHostHttp http;
    private final Map<String, Long> installations = new ConcurrentHashMap<>();
    private final Map<Long, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant expiresAt) {

        boolean fresh(Instant now) {
            return now.isBefore(expiresAt.minus(MARGIN));
        }
    }

    GitHubAppTokens(WorkflowCatalog catalog) {
        this.catalog = catalog;
        this.http = new CodeHostHttp("GitHub", GitHubApi::documentedHeaders, GitHubApi::retryable,
                error -> error.path("message").asString("(no message)"));
    }

    /** Whether the API is called as the app (its installation tokens) rather than with a token of the configuration. */
    boolean configured() {
        return catalog.github().app() != null;
    }

    /** What a webhook delivery says: the app's installation that covers the repository. */
    void remember(String repository, long installationId) {
        if (configured() && installationId > 0) {
            installations.put(key(repository), installationId);
        }
    }

    /** A token of the installation that covers {@code repository}, minted when there is none fresh. */
    String token(String baseUrl, String repository) {
        ScmConnection.App app = app();
        long installation = installations.computeIfAbsent(key(repository), r -> lookUp(baseUrl, app, repository));
        Token token = tokens.get(installation);
        if (token != null && token.fresh(Instant.now())) {
            return token.value();
        }
        synchronized (this) { // one mint per installation when several calls find the token stale at once
            token = tokens.get(installation);
            if (token == null || !token.fresh(Instant.now())) {
                token = mint(baseUrl, app, installation, repository);
                tokens.put(installation, token);
            }
            return token.value();
        }
    }

    /** GitHub refused the token (revoked, or the installation changed): the next call mints another. */
    void forget(String repository) {
        Long installation = installations.get(key(repository));
        if (installation != null) {
            tokens.remove(installation);
        }
    }

    private long lookUp(String baseUrl, ScmConnection.App app, String repository) {
        String path = "/repos/" + repository + "/installation";
        try {
            return asApp(baseUrl, app, "GET", path).path("id").asLong();
        } catch (CodeHostHttp.Failure e) {
            if (e.status == 404) {
                throw new CodeHostHttp.Misconfigured("The GitHub App " + app.id() + " is not installed on " + repository
                        + " (GET " + path + " answered 404): install it on the repository.");
            }
            throw refused(app, e);
        }
    }

    private Token mint(String baseUrl, ScmConnection.App app, long installation, String repository) {
        JsonNode answer;
        try {
            answer = asApp(baseUrl, app, "POST", "/app/installations/" + installation + "/access_tokens");
        } catch (CodeHostHttp.Failure e) {
            if (e.status == 404) {
                installations.remove(key(repository)); // uninstalled: look it up again next time
            }
            throw refused(app, e);
        }
        String value = answer.path("token").asString(null);
        try {
            Instant expires = Instant.parse(answer.path("expires_at").asString(""));
            if (value == null || value.isBlank()) {
                throw new CodeHostHttp.Misconfigured("GitHub answered the installation token request without a token.");
            }
            return new Token(value, expires);
        } catch (DateTimeParseException e) {
            throw new CodeHostHttp.Misconfigured("GitHub answered the installation token request without expires_at.");
        }
    }

    /** A call as the app itself: a JWT made for it alone. */
    private JsonNode asApp(String baseUrl, ScmConnection.App app, String method, String path) {
        String jwt = GitHubAppJwt.of(app, Instant.now());
        return http.send(baseUrl, method, path, null, request -> request.header("authorization", "Bearer " + jwt));
    }

    private static CodeHostHttp.Misconfigured refused(ScmConnection.App app, CodeHostHttp.Failure e) {
        if (e.status == 401 || e.status == 403 || e.status == 404) {
            return new CodeHostHttp.Misconfigured("GitHub refused the GitHub App " + app.id() + " ("
                    + "integrations.workflows.github.app: check its id and private key, and that it is installed): "
                    + e.getMessage());
        }
        throw e; // GitHub unreachable or failing: the run is taken up again later
    }

    private ScmConnection.App app() {
        ScmConnection.App app = catalog.github().app();
        if (app == null) {
            throw new IllegalStateException("no GitHub App is configured");
        }
        return app;
    }

    private static String key(String repository) {
        return repository.toLowerCase(Locale.ROOT);
    }
}
