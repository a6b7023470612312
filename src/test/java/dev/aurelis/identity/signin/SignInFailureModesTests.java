package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aurelis.identity.SignInFailed;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sign-in never hangs: a directory or identity provider that accepts the connection and never answers fails the
 * sign-in within the configured read timeout, with a message saying so, on every outbound identity call (LDAP,
 * OIDC discovery, SAML metadata). The bound on each test only keeps a regression from hanging the build.
 */
class SignInFailureModesTests extends SignInTestBase {

    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @Test
    void aDirectoryThatNeverAnswersFailsTheSignInWithinTheReadTimeout() throws Exception {
        try (SilentServer directory = new SilentServer()) {
            withSettings(ChangedSettings.both(ChangedSettings.timeouts(SHORT, SHORT),
                    ChangedSettings.ldapUrl(directory.url("ldap"))), () -> {
                        HttpResponse<String> login = assertTimeoutPreemptively(HANG_GUARD, () -> browser().withCsrfCookie()
                                .postForm("/auth/login", Map.of("username", "carol", "password", "carol-ldap-password")));

                        assertThat(login.statusCode()).as(login.body()).isEqualTo(503);
                        assertThat(json(login.body()).get("error").get("message").asString())
                                .contains("The directory at " + directory.url("ldap")).contains("did not answer within 1 s");
                    });
        }
        assertThat(events.of(SignInFailed.class)).anyMatch(e -> e.method().equals("ldap") && e.reason().contains("did not answer"));
    }

    @Test
    void anOpenIdProviderThatNeverAnswersSendsThePersonBackToTheSignInPage() throws Exception {
        try (SilentServer provider = new SilentServer()) {
            withSettings(ChangedSettings.both(ChangedSettings.timeouts(SHORT, SHORT),
                    ChangedSettings.oidc(ChangedSettings.oidcIssuer(provider.url("http")))), () -> {
                        HttpResponse<String> end = assertTimeoutPreemptively(HANG_GUARD, () -> browser().follow("/auth/oidc/login"));

                        assertThat(end.uri().getPath()).isEqualTo("/login");
                        assertThat(URLDecoder.decode(end.uri().getRawQuery(), StandardCharsets.UTF_8))
                                .contains("discovery document").contains("did not answer within 1 s");
                    });
        }
    }

    @Test
    void aSamlIdpWhoseMetadataNeverArrivesSendsThePersonBackToTheSignInPage() throws Exception {
        try (SilentServer idp = new SilentServer()) {
            withSettings(ChangedSettings.both(ChangedSettings.timeouts(SHORT, SHORT),
                    ChangedSettings.saml(ChangedSettings.samlMetadata(URI.create(idp.url("http") + "/metadata")))), () -> {
                        HttpResponse<String> start = assertTimeoutPreemptively(HANG_GUARD, () -> browser().get("/auth/saml/login"));

                        assertThat(start.statusCode()).isEqualTo(303);
                        assertThat(URLDecoder.decode(start.headers().firstValue("location").orElseThrow(), StandardCharsets.UTF_8))
                                .startsWith("/login?error=").contains("metadata").contains("did not answer within 1 s");
                    });
        }
    }

    @Test
    void aDirectoryThatIsDownIsReportedAsUnreachable() throws Exception {
        String closed;
        try (SilentServer gone = new SilentServer()) {
            closed = gone.url("ldap");
        }
        withSettings(ChangedSettings.ldapUrl(closed), () -> {
                    HttpResponse<String> login = browser().withCsrfCookie().postForm("/auth/login",
                            Map.of("username", "carol", "password", "carol-ldap-password"));

                    assertThat(login.statusCode()).isEqualTo(503);
                    assertThat(login.body()).contains("could not be reached");
                });
    }
}
