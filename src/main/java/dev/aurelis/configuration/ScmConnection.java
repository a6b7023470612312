package dev.aurelis.configuration;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code integrations.workflows.github:} / {@code gitlab:} how Aurelis reaches a source-code host and recognises its
 * webhooks. Write secrets as {@code ${VARIABLE}} so they come from the environment.
 *
 * @param apiUrl        the REST API's base URL; default {@code https://api.github.com} or
 *                      {@code https://gitlab.com/api/v4}
 * @param token         the token the API is called with (a GitHub App installation token or a personal access token;
 *                      a GitLab project or personal access token)
 * @param webhookSecret GitHub: the secret deliveries are signed with ({@code X-Hub-Signature-256}); GitLab: the
 *                      secret token sent in {@code X-Gitlab-Token}. Without it, webhooks are refused.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScmConnection(String apiUrl, String token, String webhookSecret) {

    public ScmConnection {
        apiUrl = Defaults.blankToNull(apiUrl);
        token = Defaults.blankToNull(token);
        webhookSecret = Defaults.blankToNull(webhookSecret);
    }

    @Override
    public String toString() {
        return "ScmConnection[apiUrl=" + apiUrl + ", token=" + (token == null ? "unset" : "set")
                + ", webhookSecret=" + (webhookSecret == null ? "unset" : "set") + "]";
    }
}
