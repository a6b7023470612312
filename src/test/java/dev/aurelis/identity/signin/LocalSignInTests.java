package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.identity.MfaEnrolled;
import dev.aurelis.identity.UserSignedIn;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LocalSignInTests extends SignInTestBase {

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

    @Test
    void theBootstrapAdministratorMustEnrolASecondFactorBeforeActing() {
        Browser browser = browser();

        HttpResponse<String> login = login(browser, ADMIN_EMAIL, ADMIN_PASSWORD);

        assertThat(json(login.body()).get("status").asString()).isEqualTo("mfa_enrolment_required");
        assertThat(browser.get("/api/v1/keys").statusCode()).isEqualTo(403);
        String secret = json(browser.postForm("/auth/mfa/totp", Map.of()).body()).get("secret").asString();
        HttpResponse<String> confirmed = browser.postForm("/auth/mfa/totp/confirm", Map.of("code", totp(secret, Instant.now())));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(json(confirmed.body()).get("recovery_codes")).hasSize(10);
        assertThat(browser.get("/api/v1/keys").statusCode()).isEqualTo(200);
    }

    @Test
    void aTotpCodeSignsInOnceAndRecoveryCodesWorkOnceEach() {
        createLocalAccount("breakglass@sso.example", "break-glass-password-1");
        Browser enrol = browser();
        login(enrol, "breakglass@sso.example", "break-glass-password-1");
        String secret = json(enrol.postForm("/auth/mfa/totp", Map.of()).body()).get("secret").asString();
        String enrolmentCode = totp(secret, Instant.now());
        JsonNode enrolled = json(enrol.postForm("/auth/mfa/totp/confirm", Map.of("code", enrolmentCode)).body());
        String recovery = enrolled.get("recovery_codes").get(0).asString();
        assertThat(events.of(MfaEnrolled.class)).anyMatch(e -> e.factor().equals("totp"));

        Browser again = browser();
        HttpResponse<String> password = login(again, "breakglass@sso.example", "break-glass-password-1");
        assertThat(json(password.body()).get("status").asString()).isEqualTo("mfa_required");
        assertThat(again.get("/auth/session").body()).doesNotContain("permissions");
        assertThat(again.postForm("/auth/mfa/verify", Map.of("code", "000000")).statusCode()).isEqualTo(401);
        assertThat(again.postForm("/auth/mfa/verify", Map.of("code", enrolmentCode)).statusCode())
                .as("a code is never accepted twice").isEqualTo(401);
        HttpResponse<String> next = again.postForm("/auth/mfa/verify", Map.of("code", totp(secret, Instant.now().plusSeconds(30))));
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(json(again.get("/auth/session").body()).get("mfa").asString()).isEqualTo("passed");

        Browser lostPhone = browser();
        login(lostPhone, "breakglass@sso.example", "break-glass-password-1");
        assertThat(lostPhone.postForm("/auth/mfa/verify", Map.of("code", recovery)).statusCode()).isEqualTo(200);
        Browser lostAgain = browser();
        login(lostAgain, "breakglass@sso.example", "break-glass-password-1");
        assertThat(lostAgain.postForm("/auth/mfa/verify", Map.of("code", recovery)).statusCode()).isEqualTo(401);
    }

    @Test
    void aSecurityKeyRegistersAndAnswersTheSecondFactorChallenge() throws Exception {
        createLocalAccount("passkey@sso.example", "passkey-user-password");
        SoftwareAuthenticator key = new SoftwareAuthenticator();
        String origin = baseUrl();
        Browser enrol = browser();
        login(enrol, "passkey@sso.example", "passkey-user-password");

        JsonNode creation = json(enrol.postJson("/auth/mfa/webauthn/registration-options", "{}").body());
        assertThat(creation.get("rp").get("id").asString()).isEqualTo("127.0.0.1");
        HttpResponse<String> registered = enrol.postJson("/auth/mfa/webauthn/register",
                key.register(origin, "127.0.0.1", creation.get("challenge").asString()));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        // a security key as the first factor gets the recovery codes, as an authenticator app does
        assertThat(json(registered.body()).get("recovery_codes")).hasSize(10);
        assertThat(events.of(MfaEnrolled.class)).anyMatch(e -> e.factor().equals("webauthn"));

        Browser signIn = browser();
        assertThat(json(login(signIn, "passkey@sso.example", "passkey-user-password").body()).get("status").asString())
                .isEqualTo("mfa_required");
        JsonNode request = json(signIn.postJson("/auth/mfa/webauthn/authentication-options", "{}").body());
        assertThat(request.get("allowCredentials")).hasSize(1);
        byte[] userHandle = Base64.getUrlDecoder().decode(creation.get("user").get("id").asString());
        String wrongOrigin = key.authenticate("https://phishing.example", "127.0.0.1", request.get("challenge").asString(), userHandle);
        assertThat(signIn.postJson("/auth/mfa/webauthn/authenticate", wrongOrigin).statusCode()).isEqualTo(401);

        JsonNode retry = json(signIn.postJson("/auth/mfa/webauthn/authentication-options", "{}").body());
        HttpResponse<String> answered = signIn.postJson("/auth/mfa/webauthn/authenticate",
                key.authenticate(origin, "127.0.0.1", retry.get("challenge").asString(), userHandle));

        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(json(signIn.get("/auth/session").body()).get("mfa").asString()).isEqualTo("passed");
        assertThat(events.of(UserSignedIn.class)).anyMatch(e -> e.email().equals("passkey@sso.example"));
    }

    @Test
    void everySignedInPageOffersSignOutAndItEndsTheSession() {
        createLocalAccount("pages@sso.example", "pages-user-password");
        Browser browser = browser();
        login(browser, "pages@sso.example", "pages-user-password");
        String csrf = browser.csrfToken().orElseThrow();

        HttpResponse<String> mfa = browser.get("/auth/mfa");
        HttpResponse<String> enrolment = browser.submitForm("/auth/mfa/totp", Map.of("_csrf", csrf));
        String secret = enrolment.body().replaceAll("(?s).*<code>([A-Z2-7]+)</code>.*", "$1");
        HttpResponse<String> enrolled = browser.submitForm("/auth/mfa/totp/confirm", Map.of("_csrf", csrf,
                "code", totp(secret, Instant.now())));
        HttpResponse<String> home = browser.get("/auth/home");
        HttpResponse<String> device = browser.get("/device");

        for (HttpResponse<String> page : java.util.List.of(mfa, enrolment, enrolled, home, device)) {
            assertThat(page.statusCode()).as(page.uri() + " " + page.body()).isEqualTo(200);
            assertThat(page.body()).as(page.uri().toString()).contains("action=\"/auth/logout\"").contains("name=\"_csrf\"");
        }
        assertThat(enrolled.body()).contains("recovery codes");
        assertThat(home.body()).contains("pages@sso.example");
        assertThat(mfa.body()).contains("recovery-codes");

        HttpResponse<String> signedOut = browser.submitForm("/auth/logout", Map.of("_csrf", browser.csrfToken().orElseThrow()));

        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("location")).hasValue("/login");
        assertThat(browser.get("/auth/session").statusCode()).isEqualTo(401);
        assertThat(browser.get("/auth/home").headers().firstValue("location")).hasValue("/login");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhetherTheAccountExists() {
        createLocalAccount("quiet@sso.example", "quiet-user-password");

        HttpResponse<String> wrongPassword = login(browser(), "quiet@sso.example", "not-the-password");
        HttpResponse<String> noAccount = login(browser(), "nobody@sso.example", "not-the-password");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(noAccount.statusCode()).isEqualTo(401);
        assertThat(json(wrongPassword.body()).get("error").get("message").asString())
                .isEqualTo(json(noAccount.body()).get("error").get("message").asString());
    }

    @Test
    void aSessionEndsWhenItsTimeoutPassesWithoutActivity() {
        Browser browser = signInWithOidc("idle-sub", "idle@sso.example", java.util.List.of("aurelis-platform"));
        assertThat(browser.get("/auth/session").statusCode()).isEqualTo(200);
        JsonNode session = json(browser.get("/auth/session").body());
        Instant expires = Instant.parse(session.get("expires_at").asString());
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(16));

        assertThat(asTenant(() -> jdbc.sql("update identity_session set expires_at = now() - interval '1 second' where user_id = "
                + "(select id from identity_user where email = 'idle@sso.example')").update())).isPositive();

        assertThat(browser.get("/auth/session").statusCode()).isEqualTo(401);
    }
}
