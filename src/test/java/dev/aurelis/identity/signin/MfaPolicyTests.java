package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.identity.SignInSettings.Mfa;
import dev.aurelis.identity.SignInSettings.MfaEnforcement;
import dev.aurelis.identity.SignInSettings.MfaMethod;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code security.mfa_methods} and {@code security.mfa_enforcement} at the real sign-in endpoints (ADR 0050): a method
 * not listed can be neither enrolled nor presented, and the enforcement decides who must present a second factor
 * after their password or identity provider.
 */
class MfaPolicyTests extends SignInTestBase {

    private static final Mfa WEBAUTHN_ONLY = new Mfa(Set.of(MfaMethod.WEBAUTHN), MfaEnforcement.LOCAL_ACCOUNTS);
    private static final Mfa TOTP_ONLY = new Mfa(Set.of(MfaMethod.TOTP), MfaEnforcement.LOCAL_ACCOUNTS);

    private void createLocalAccount(String email, String password) {
        HttpResponse<String> response = browser().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/local-accounts"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> login(Browser browser, String email, String password) {
        return browser.withCsrfCookie().postForm("/auth/login", Map.of("username", email, "password", password));
    }

    private static String totp(String base32, Instant at) {
        return Totp.at(Totp.fromBase32(base32), at, 6, "HmacSHA1");
    }

    private static String status(HttpResponse<String> login) {
        return json(login.body()).get("status").asString();
    }

    private static String message(HttpResponse<String> response) {
        return json(response.body()).get("error").get("message").asString();
    }

    @Test
    void aMethodNotListedCanNeitherBeEnrolledNorPresented() {
        createLocalAccount("app-user@sso.example", "app-user-password-1");
        Browser enrol = browser();
        login(enrol, "app-user@sso.example", "app-user-password-1");
        String secret = json(enrol.postForm("/auth/mfa/totp", Map.of()).body()).get("secret").asString();
        assertThat(enrol.postForm("/auth/mfa/totp/confirm", Map.of("code", totp(secret, Instant.now()))).statusCode())
                .isEqualTo(200);

        withSettings(ChangedSettings.mfa(WEBAUTHN_ONLY), () -> {
            Browser browser = browser();
            // the authenticator app no longer counts: the account enrols an allowed factor instead
            assertThat(status(login(browser, "app-user@sso.example", "app-user-password-1")))
                    .isEqualTo("mfa_enrolment_required");
            HttpResponse<String> totpEnrolment = browser.postForm("/auth/mfa/totp", Map.of());
            assertThat(totpEnrolment.statusCode()).isEqualTo(403);
            assertThat(message(totpEnrolment)).isEqualTo("An authenticator app (totp) is not a second factor this "
                    + "organisation allows; security.mfa_methods allows webauthn.");
            assertThat(browser.postForm("/auth/mfa/totp/confirm", Map.of("code", totp(secret, Instant.now().plusSeconds(30))))
                    .statusCode()).isEqualTo(403);
            assertThat(browser.get("/auth/session").body()).doesNotContain("permissions");
            assertThat(browser.postJson("/auth/mfa/webauthn/registration-options", "{}").statusCode()).isEqualTo(200);
            assertThat(browser.get("/auth/mfa").body()).contains("Register a security key")
                    .doesNotContain("Set up an authenticator app");
        });

        // listed again, the app signs in as before
        Browser again = browser();
        assertThat(status(login(again, "app-user@sso.example", "app-user-password-1"))).isEqualTo("mfa_required");
        assertThat(again.postForm("/auth/mfa/verify", Map.of("code", totp(secret, Instant.now().plusSeconds(30))))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aTotpCodeIsRefusedWithTheReasonWhenOnlySecurityKeysMayBePresented() throws Exception {
        createLocalAccount("both@sso.example", "both-user-password-1");
        Browser enrol = browser();
        login(enrol, "both@sso.example", "both-user-password-1");
        String secret = json(enrol.postForm("/auth/mfa/totp", Map.of()).body()).get("secret").asString();
        enrol.postForm("/auth/mfa/totp/confirm", Map.of("code", totp(secret, Instant.now())));
        SoftwareAuthenticator key = new SoftwareAuthenticator();
        var creation = json(enrol.postJson("/auth/mfa/webauthn/registration-options", "{}").body());
        assertThat(enrol.postJson("/auth/mfa/webauthn/register",
                key.register(baseUrl(), "127.0.0.1", creation.get("challenge").asString())).statusCode()).isEqualTo(200);

        withSettings(ChangedSettings.mfa(WEBAUTHN_ONLY), () -> {
            Browser browser = browser();
            assertThat(status(login(browser, "both@sso.example", "both-user-password-1"))).isEqualTo("mfa_required");

            HttpResponse<String> code = browser.postForm("/auth/mfa/verify",
                    Map.of("code", totp(secret, Instant.now().plusSeconds(30))));

            assertThat(code.statusCode()).isEqualTo(403);
            assertThat(message(code)).contains("security.mfa_methods allows webauthn");
            assertThat(json(browser.get("/auth/session").body()).get("mfa").asString()).isEqualTo("pending");
            assertThat(browser.postJson("/auth/mfa/webauthn/authentication-options", "{}").statusCode()).isEqualTo(200);
        });
        withSettings(ChangedSettings.mfa(TOTP_ONLY), () -> {
            Browser browser = browser();
            login(browser, "both@sso.example", "both-user-password-1");

            HttpResponse<String> options = browser.postJson("/auth/mfa/webauthn/authentication-options", "{}");

            assertThat(options.statusCode()).isEqualTo(403);
            assertThat(message(options)).isEqualTo("A security key or passkey (webauthn) is not a second factor this "
                    + "organisation allows; security.mfa_methods allows totp.");
        });
    }

    @Test
    void allUsersMustPresentASecondFactorAfterTheirIdentityProviderUnlessItsMfaCounts() {
        withSettings(ChangedSettings.mfa(new Mfa(null, MfaEnforcement.ALL_USERS)), () -> {
            Browser browser = signInWithOidc("everyone-1", "everyone@sso.example", List.of("aurelis-platform"));

            assertThat(json(browser.get("/auth/session").body()).get("mfa").asString()).isEqualTo("enrolment_required");
            assertThat(browser.get("/api/v1/keys").statusCode()).isEqualTo(403);
        });
        withSettings(ChangedSettings.both(ChangedSettings.mfa(new Mfa(null, MfaEnforcement.ALL_USERS)),
                ChangedSettings.oidc(ChangedSettings.oidcMfaAmr(List.of("mfa")))), () -> {
            nextOidcUser("everyone-2", "everyone-mfa@sso.example", List.of("aurelis-platform"), Map.of(
                    "email_verified", true, "amr", List.of("pwd", "mfa")));
            Browser browser = browser();
            browser.follow("/auth/oidc/login?next=/auth/session");

            assertThat(json(browser.get("/auth/session").body()).get("mfa").asString()).isEqualTo("not_needed");
        });
    }

    @Test
    void adminsMustEnrolWhileOthersSignInWithTheirProvider() {
        withSettings(ChangedSettings.mfa(new Mfa(null, MfaEnforcement.ADMINS)), () -> {
            Browser admin = signInWithOidc("admin-1", "oidc-admin@sso.example", List.of("aurelis-admins"));
            Browser developer = signInWithOidc("dev-1", "oidc-dev@sso.example", List.of("aurelis-platform"));

            assertThat(json(admin.get("/auth/session").body()).get("mfa").asString()).isEqualTo("enrolment_required");
            assertThat(json(developer.get("/auth/session").body()).get("mfa").asString()).isEqualTo("not_needed");
        });
    }

    @Test
    void optionalEnforcementLetsALocalAccountWithoutAFactorSignIn() {
        createLocalAccount("optional@sso.example", "optional-password-1");
        withSettings(ChangedSettings.mfa(new Mfa(null, MfaEnforcement.OPTIONAL)), () ->
                assertThat(status(login(browser(), "optional@sso.example", "optional-password-1"))).isEqualTo("signed_in"));
        // the test configuration's mfa_required: local accounts enrol
        assertThat(status(login(browser(), "optional@sso.example", "optional-password-1")))
                .isEqualTo("mfa_enrolment_required");
    }
}
