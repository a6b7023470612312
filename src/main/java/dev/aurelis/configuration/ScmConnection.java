package dev.aurelis.configuration;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code integrations.workflows.github:} / {@code gitlab:} how Aurelis reaches a source-code host and recognises its
 * webhooks. Write secrets as {@code ${VARIABLE}} so they come from the environment.
 *
 * @param apiUrl        the REST API's base URL; default {@code https://api.github.com} or
 *                      {@code https://gitlab.com/api/v4}
 * @param token         the token the API is called with (a GitHub personal access token; a GitLab project or
 *                      personal access token)
 * @param webhookSecret GitHub: the secret deliveries are signed with ({@code X-Hub-Signature-256}); GitLab: the
 *                      secret token sent in {@code X-Gitlab-Token}. Without it, webhooks are refused.
 * @param app           GitHub only: the GitHub App whose installation tokens the API is called with; when set it
 *                      wins over {@code token}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScmConnection(String apiUrl, String token, String webhookSecret, App app) {

    public ScmConnection {
        apiUrl = Defaults.blankToNull(apiUrl);
        token = Defaults.blankToNull(token);
        webhookSecret = Defaults.blankToNull(webhookSecret);
    }

    /** A connection without a GitHub App. */
    public ScmConnection(String apiUrl, String token, String webhookSecret) {
        this(apiUrl, token, webhookSecret, null);
    }

    /**
     * {@code integrations.workflows.github.app:} a GitHub App, authenticated as GitHub documents it: a JWT signed
     * with the app's private key buys an installation token for each installation.
     *
     * @param id             the app's client ID (recommended by GitHub) or numeric app ID: the JWT's {@code iss}
     * @param privateKey     the app's private key in PEM (PKCS#1 as GitHub hands it out, or PKCS#8)
     * @param privateKeyFile a file holding that key, read whenever a token is minted (so a rotated key needs no
     *                       restart); exactly one of the two
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record App(String id, String privateKey, String privateKeyFile) {

        public App {
            id = Defaults.blankToNull(id);
            privateKey = Defaults.blankToNull(privateKey);
            privateKeyFile = Defaults.blankToNull(privateKeyFile);
            if (id == null) {
                throw new IllegalArgumentException("app.id: name the GitHub App by its client ID or app ID");
            }
            if ((privateKey == null) == (privateKeyFile == null)) {
                throw new IllegalArgumentException("app: give the app's private key in exactly one of private_key "
                        + "and private_key_file");
            }
        }

        @Override
        public String toString() {
            return "App[id=" + id + ", privateKey=" + (privateKey == null ? "unset" : "set") + ", privateKeyFile="
                    + privateKeyFile + "]";
        }
    }

    @Override
    public String toString() {
        return "ScmConnection[apiUrl=" + apiUrl + ", token=" + (token == null ? "unset" : "set")
                + ", webhookSecret=" + (webhookSecret == null ? "unset" : "set") + ", app=" + app + "]";
    }
}
