package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.identity.SignInFailed;
import dev.aurelis.identity.UserProvisioned;
import dev.aurelis.identity.UserSignedIn;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OidcSignInTests extends SignInTestBase {

    @Test
    void signsInThroughTheProviderWithPkceAndProvisionsTheUserIntoTheMappedTeam() {
        nextOidcUser("alice-sub", "Alice@SSO.example", List.of("aurelis-platform", "unrelated-group"));
        Browser browser = browser();

        HttpResponse<String> start = browser.get("/auth/oidc/login?next=/auth/session");
        HttpResponse<String> toProvider = browser.get(start.headers().firstValue("location").orElseThrow());
        String authorize = toProvider.headers().firstValue("location").orElseThrow();
        assertThat(authorize).startsWith(OIDC.authorizationEndpointUrl("default").toString())
                .contains("code_challenge=").contains("code_challenge_method=S256").contains("nonce=")
                .contains("client_id=aurelis-console");

        HttpResponse<String> end = browser.follow(authorize);

        assertThat(end.statusCode()).as(end.body()).isEqualTo(200);
        assertThat(end.uri().getPath()).isEqualTo("/auth/session");
        JsonNode session = json(end.body());
        assertThat(session.get("email").asString()).isEqualTo("alice@sso.example");
        assertThat(session.get("method").asString()).isEqualTo("oidc");
        assertThat(session.get("team").asString()).isEqualTo("platform");
        assertThat(session.get("roles").toString()).contains("developer");
        assertThat(browser.cookie(Sessions.COOKIE)).isPresent();
        assertThat(events.of(UserProvisioned.class)).anyMatch(e -> e.email().equals("alice@sso.example")
                && e.via().equals("oidc") && e.actor().equals(OIDC.issuerUrl("default").toString()));
        assertThat(events.of(UserSignedIn.class)).anyMatch(e -> e.email().equals("alice@sso.example"));
    }

    @Test
    void groupSyncReplacesTheTeamsAndRolesGrantedByGroupsAtEverySignIn() {
        Browser first = signInWithOidc("bob-sub", "bob@sso.example", List.of("aurelis-admins"));
        JsonNode admin = json(first.get("/auth/session").body());
        assertThat(admin.get("roles").toString()).contains("enterprise_admin");
        assertThat(first.get("/api/v1/keys").statusCode()).isEqualTo(200);

        Browser second = signInWithOidc("bob-sub", "bob@sso.example", List.of("aurelis-reviewers"));
        JsonNode reviewer = json(second.get("/auth/session").body());

        assertThat(reviewer.get("team").asString()).isEqualTo("reviewers");
        assertThat(reviewer.get("roles").toString()).contains("reviewer").doesNotContain("enterprise_admin");
        // the change applies to the older session too: its caller is rebuilt on every request
        assertThat(first.get("/api/v1/keys").statusCode()).isEqualTo(403);
    }

    @Test
    void refusesAnAuthorizationResponseDeliveredToABrowserThatDidNotStartTheSignIn() {
        nextOidcUser("mallory-sub", "mallory@sso.example", List.of("aurelis-admins"));
        Browser attacker = browser();
        HttpResponse<String> start = attacker.get("/auth/oidc/login");
        HttpResponse<String> toProvider = attacker.get(start.headers().firstValue("location").orElseThrow());
        HttpResponse<String> fromProvider = attacker.get(toProvider.headers().firstValue("location").orElseThrow());
        String callback = fromProvider.headers().firstValue("location").orElseThrow();
        assertThat(callback).contains("/login/oauth2/code/oidc?code=");

        Browser victim = browser();
        HttpResponse<String> end = victim.follow(callback);

        assertThat(end.uri().getPath()).isEqualTo("/login");
        assertThat(end.uri().getQuery()).contains("error=");
        assertThat(victim.cookie(Sessions.COOKIE)).isEmpty();
        assertThat(events.of(SignInFailed.class)).anyMatch(e -> e.method().equals("oidc"));
    }

    @Test
    void aSessionUsesTheAdminApiOnlyWithItsCsrfTokenWhileBearerKeysNeedNone() {
        Browser browser = signInWithOidc("carla-sub", "carla@sso.example", List.of("aurelis-admins"));
        String body = "{\"user\":\"dev@sso.example\",\"team\":\"platform\"}";

        HttpResponse<String> withoutToken = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/keys"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> withToken = browser.withCsrfCookie().postJson("/api/v1/keys", body);
        HttpResponse<String> withKey = browser().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(201);
        assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(201);
    }

    @Test
    void theGatewayIgnoresSessionCookies() {
        Browser browser = signInWithOidc("dora-sub", "dora@sso.example", List.of("aurelis-admins"));

        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[]}")).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\"");
        assertThat(response.headers().allValues("set-cookie")).isEmpty();
    }

    @Test
    void signingOutEndsTheSessionAndPointsAtTheProvidersEndSessionEndpoint() {
        Browser browser = signInWithOidc("erik-sub", "erik@sso.example", List.of("aurelis-platform"));

        HttpResponse<String> logout = browser.withCsrfCookie().postForm("/auth/logout", Map.of());

        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
        assertThat(json(logout.body()).get("logout_url").asString())
                .startsWith(OIDC.endSessionEndpointUrl("default").toString()).contains("id_token_hint=");
        assertThat(browser.get("/auth/session").statusCode()).isEqualTo(401);
    }

    @Test
    void browsersWithoutASessionAreSentToTheSignInPage() {
        HttpResponse<String> response = browser().get("/device?user_code=ABCD-EFGH");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("location").orElseThrow()).startsWith("/login?next=");
        HttpResponse<String> page = browser().get("/login");
        assertThat(page.body()).contains("/auth/oidc/login").contains("/auth/saml/login").contains("name=\"_csrf\"");
    }

    @Test
    void theAdminApiAnswersCallersWithoutAKeyOrSessionWithAJsonErrorEvenFromABrowser() {
        for (String accept : List.of("application/json", "text/html,application/xhtml+xml")) {
            HttpResponse<String> response = browser().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/keys"))
                    .header("accept", accept).GET().build());

            assertThat(response.statusCode()).as(accept).isEqualTo(401);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
            JsonNode error = json(response.body()).get("error");
            assertThat(error.get("type").asString()).isEqualTo("authentication_error");
            assertThat(error.get("message").asString()).contains("Authorization: Bearer").contains("/login");
        }
    }

    @Test
    void signInDoesNotWaitForTheSharedForkJoinPool() throws InterruptedException {
        // Something else in the process keeps every worker of the common pool busy, as a blocking task can.
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch started = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i <= workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

            Browser browser = signInWithOidc("fiona-sub", "fiona@sso.example", List.of("aurelis-platform"));

            assertThat(json(browser.get("/auth/session").body()).get("email").asString()).isEqualTo("fiona@sso.example");
        } finally {
            release.countDown();
        }
    }
}
