package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.identity.IdentityLinkRefused;
import dev.aurelis.identity.IdentityLinked;
import dev.aurelis.identity.IdentityUnlinked;
import dev.aurelis.identity.SignInSettings.Linking;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Account takeover through sign-in: an outside identity reaches an existing account only through its binding,
 * or at its first sign-in through an address its provider vouches for, and never a break-glass account or one
 * bound to another identity at the same provider. Administrators link explicitly, and the account's own second
 * factor still holds on every path.
 */
class AccountLinkingTests extends SignInTestBase {

    /** The attacker's identity at the OIDC provider, whose e-mail she changed herself and nobody verified. */
    private static final Map<String, Object> UNVERIFIED = Map.of("email_verified", false);

    private UUID userId(String email) {
        return asTenant(() -> jdbc.sql("select id from identity_user where email = ?").param(email).query(UUID.class).single());
    }

    private String displayName(String email) {
        return asTenant(() -> jdbc.sql("select coalesce(display_name, '') from identity_user where email = ?").param(email)
                .query(String.class).single());
    }

    private long bindingsOf(String email) {
        return asTenant(() -> jdbc.sql("select count(*) from identity_external_identity e join identity_user u "
                + "on u.tenant_id = e.tenant_id and u.id = e.user_id where u.email = ?").param(email).query(Long.class).single());
    }

    private List<String> teamsOf(String email) {
        return asTenant(() -> jdbc.sql("select t.team from identity_user_team t join identity_user u on u.tenant_id = "
                + "t.tenant_id and u.id = t.user_id where u.email = ?").param(email).query(String.class).list());
    }

    /** Signs in through the OIDC provider as this person; returns the page the browser ends on. */
    private HttpResponse<String> oidcSignIn(Browser browser, String subject, String email, List<String> groups,
            Map<String, Object> claims) {
        nextOidcUser(subject, email, groups, claims);
        return browser.follow("/auth/oidc/login?next=/auth/session");
    }

    private static String errorShown(HttpResponse<String> page) {
        assertThat(page.uri().getPath()).as(page.uri().toString()).isEqualTo("/login");
        return URLDecoder.decode(page.uri().getRawQuery(), StandardCharsets.UTF_8);
    }

    /** An account that exists before its owner ever signs in through a provider (a key was issued for them). */
    private String existingAccount(String email) {
        HttpResponse<String> issued = browser().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + email + "\",\"team\":\"platform\"}")).build());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return email;
    }

    private HttpResponse<String> adminApi(String key, String method, String path, String body) {
        return browser().send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> samlSignIn(Browser browser, String nameId, String email, List<String> groups) {
        var assertion = solicited(browser, SamlIdentityProvider.Assertion.valid(baseUrl(), email, groups).nameId(nameId));
        return browser.postForm("/auth/saml/acs", Map.of("SAMLResponse", SamlIdentityProvider.encode(
                SAML.signedResponse(assertion)), "RelayState", "/auth/session"), false);
    }

    @Test
    void anUnverifiedAddressEqualToTheBootstrapAdministratorsDoesNotSignInAsThem() {
        String nameBefore = displayName(ADMIN_EMAIL);
        Browser attacker = browser();

        HttpResponse<String> end = oidcSignIn(attacker, "mallory-oidc", ADMIN_EMAIL, List.of("aurelis-admins"), UNVERIFIED);

        assertThat(errorShown(end)).contains("not confirmed").contains("mallory-oidc");
        assertThat(attacker.cookie(Sessions.COOKIE)).isEmpty();
        assertThat(events.of(IdentityLinkRefused.class)).anyMatch(e -> e.subject().equals("mallory-oidc")
                && e.reason().equals("unverified_email") && e.userId().equals(userId(ADMIN_EMAIL)));
        assertThat(displayName(ADMIN_EMAIL)).isEqualTo(nameBefore);
        assertThat(teamsOf(ADMIN_EMAIL)).isEmpty();
        assertThat(bindingsOf(ADMIN_EMAIL)).isZero();
    }

    @Test
    void aVerifiedAddressNeverLinksToABreakGlassAccount() {
        Browser browser = browser();

        HttpResponse<String> end = oidcSignIn(browser, "root-lookalike", ADMIN_EMAIL, List.of("aurelis-admins"),
                Map.of("email_verified", true));

        assertThat(errorShown(end)).contains("break-glass");
        assertThat(browser.cookie(Sessions.COOKIE)).isEmpty();
        assertThat(events.of(IdentityLinkRefused.class)).anyMatch(e -> e.subject().equals("root-lookalike")
                && e.reason().equals("local_account"));
        assertThat(bindingsOf(ADMIN_EMAIL)).isZero();
    }

    @Test
    void anUnverifiedAddressReachesNoExistingAccountAndCreatesNone() {
        String owner = existingAccount("owner@sso.example");

        HttpResponse<String> takeover = oidcSignIn(browser(), "claimer-sub", owner, List.of("aurelis-admins"), UNVERIFIED);
        HttpResponse<String> newcomer = oidcSignIn(browser(), "newcomer-sub", "unverified-newcomer@sso.example",
                List.of(), UNVERIFIED);

        assertThat(errorShown(takeover)).contains("was not linked");
        assertThat(errorShown(newcomer)).contains("cannot create an account");
        assertThat(teamsOf(owner)).containsExactly("platform");
        assertThat(asTenant(() -> jdbc.sql("select count(*) from identity_user where email = 'unverified-newcomer@sso.example'")
                .query(Long.class).single())).isZero();
    }

    @Test
    void aVerifiedAddressLinksTheExistingAccountOnceAndOnlyForOneIdentity() {
        String owner = existingAccount("linked-owner@sso.example");
        Browser first = browser();

        HttpResponse<String> linked = oidcSignIn(first, "owner-sub", owner, List.of(), Map.of("email_verified", true));
        HttpResponse<String> second = oidcSignIn(browser(), "second-sub", owner, List.of(), Map.of("email_verified", true));
        HttpResponse<String> again = oidcSignIn(browser(), "owner-sub", "changed-at-the-idp@sso.example", List.of(),
                Map.of("email_verified", true));

        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(json(linked.body()).get("email").asString()).isEqualTo(owner);
        assertThat(events.of(IdentityLinked.class)).anyMatch(e -> e.subject().equals("owner-sub") && e.via().equals("email")
                && e.userId().equals(userId(owner)));
        assertThat(errorShown(second)).contains("belongs to another identity");
        assertThat(events.of(IdentityLinkRefused.class)).anyMatch(e -> e.subject().equals("second-sub")
                && e.reason().equals("bound_to_other_identity"));
        // later sign-ins match on the binding alone, whatever address the provider sends now
        assertThat(json(again.body()).get("email").asString()).isEqualTo(owner);
    }

    @Test
    void aSecondProviderIdentityDoesNotReachTheAccountTheFirstOneCreated() {
        Browser creator = signInWithOidc("creator-sub", "created@sso.example", List.of("aurelis-platform"));
        assertThat(json(creator.get("/auth/session").body()).get("email").asString()).isEqualTo("created@sso.example");

        HttpResponse<String> other = oidcSignIn(browser(), "other-sub", "created@sso.example", List.of(),
                Map.of("email_verified", true));

        assertThat(errorShown(other)).contains("belongs to another identity");
    }

    @Test
    void linkingByEmailCanBeTurnedOffPerProvider() {
        String owner = existingAccount("no-linking@sso.example");

        withSettings(ChangedSettings.oidc(ChangedSettings.oidcLinking(new Linking(false, false))), () -> {
            HttpResponse<String> end = oidcSignIn(browser(), "no-linking-sub", owner, List.of(), Map.of("email_verified", true));

            assertThat(errorShown(end)).contains("not linked to existing accounts by e-mail");
        });
        assertThat(events.of(IdentityLinkRefused.class)).anyMatch(e -> e.subject().equals("no-linking-sub")
                && e.reason().equals("linking_disabled"));
    }

    @Test
    void aSamlIdpReachesAnExistingAccountOnlyWhenItIsAuthoritativeForEmail() {
        String owner = existingAccount("saml-owner@sso.example");

        withSettings(ChangedSettings.saml(ChangedSettings.samlLinking(new Linking(false, true))), () -> {
            HttpResponse<String> refused = samlSignIn(browser(), "saml-claimer", owner, List.of("aurelis-admins"));

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("not confirmed");
        });
        HttpResponse<String> breakGlass = samlSignIn(browser(), "saml-root", ADMIN_EMAIL, List.of("aurelis-admins"));
        Browser browser = browser();
        HttpResponse<String> linked = samlSignIn(browser, "saml-owner-nameid", owner, List.of());

        assertThat(breakGlass.statusCode()).isEqualTo(401);
        assertThat(breakGlass.body()).contains("break-glass");
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(303);
        assertThat(json(browser.get("/auth/session").body()).get("email").asString()).isEqualTo(owner);
        assertThat(events.of(IdentityLinkRefused.class)).anyMatch(e -> e.subject().equals("saml-claimer")
                && e.reason().equals("unverified_email"));
    }

    @Test
    void aDirectoryEntryWithTheAdministratorsAddressDoesNotSignInAsThem() {
        HttpResponse<String> login = browser().withCsrfCookie().postForm("/auth/login",
                Map.of("username", "mallory", "password", "mallory-ldap-password"));

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.body()).contains("break-glass");
        assertThat(bindingsOf(ADMIN_EMAIL)).isZero();
    }

    @Test
    void anIdentityLinkedByAnAdministratorStillOwesTheBreakGlassAccountsSecondFactorOnEveryPath() {
        UUID admin = userId(ADMIN_EMAIL);
        String nameBefore = displayName(ADMIN_EMAIL);
        List<HttpResponse<String>> links = List.of(
                adminApi(ADMIN_KEY, "POST", "/api/v1/users/" + admin + "/identities",
                        "{\"method\":\"oidc\",\"subject\":\"root-at-the-idp\"}"),
                adminApi(ADMIN_KEY, "POST", "/api/v1/users/" + admin + "/identities",
                        "{\"method\":\"saml\",\"issuer\":\"" + IDP_ENTITY_ID + "\",\"subject\":\"root-nameid\"}"),
                adminApi(ADMIN_KEY, "POST", "/api/v1/users/" + admin + "/identities",
                        "{\"method\":\"ldap\",\"subject\":\"UID=mallory,ou=people,dc=sso,dc=example\"}"));
        try {
            links.forEach(link -> assertThat(link.statusCode()).as(link.body()).isEqualTo(201));
            assertThat(events.of(IdentityLinked.class)).anyMatch(e -> e.subject().equals("root-at-the-idp")
                    && e.via().equals("admin") && e.actor().equals(ADMIN_EMAIL));

            Browser oidc = browser();
            HttpResponse<String> oidcEnd = oidcSignIn(oidc, "root-at-the-idp", "someone-else@sso.example",
                    List.of("aurelis-platform"), Map.of("email_verified", true, "amr", List.of("pwd", "mfa")));
            Browser saml = browser();
            HttpResponse<String> samlEnd = samlSignIn(saml, "root-nameid", "whoever@sso.example", List.of("aurelis-platform"));
            Browser ldap = browser().withCsrfCookie();
            HttpResponse<String> ldapEnd = ldap.postForm("/auth/login", Map.of("username", "mallory",
                    "password", "mallory-ldap-password"));

            assertThat(oidcEnd.uri().getPath()).isEqualTo("/auth/mfa");
            assertThat(samlEnd.headers().firstValue("location")).hasValue("/auth/mfa");
            assertThat(json(ldapEnd.body()).get("next").asString()).isEqualTo("/auth/mfa");
            for (Browser browser : List.of(oidc, saml, ldap)) {
                assertThat(json(browser.get("/auth/session").body()).get("mfa").asString())
                        .isIn("pending", "enrolment_required");
                assertThat(browser.get("/api/v1/keys").statusCode()).isEqualTo(403);
            }
            // the provider's groups and name never change a break-glass account
            assertThat(teamsOf(ADMIN_EMAIL)).isEmpty();
            assertThat(displayName(ADMIN_EMAIL)).isEqualTo(nameBefore);

            // unless the provider asserts MFA in a way the configuration accepts
            withSettings(ChangedSettings.oidc(ChangedSettings.oidcMfaAmr(List.of("mfa"))), () -> {
                Browser asserted = browser();
                oidcSignIn(asserted, "root-at-the-idp", ADMIN_EMAIL, List.of(), Map.of("email_verified", true,
                        "amr", List.of("pwd", "mfa")));
                Browser passwordOnly = browser();
                oidcSignIn(passwordOnly, "root-at-the-idp", ADMIN_EMAIL, List.of(), Map.of("email_verified", true,
                        "amr", List.of("pwd")));

                assertThat(json(asserted.get("/auth/session").body()).get("mfa").asString()).isEqualTo("not_needed");
                assertThat(asserted.get("/api/v1/keys").statusCode()).isEqualTo(200);
                assertThat(json(passwordOnly.get("/auth/session").body()).get("mfa").asString()).isIn("pending",
                        "enrolment_required");
            });
        } finally {
            JsonNode identities = json(adminApi(ADMIN_KEY, "GET", "/api/v1/users/" + admin + "/identities", null).body());
            identities.get("data").forEach(i -> assertThat(adminApi(ADMIN_KEY, "DELETE", "/api/v1/users/" + admin
                    + "/identities/" + i.get("id").asString(), null).statusCode()).isEqualTo(204));
        }
        assertThat(events.of(IdentityUnlinked.class)).anyMatch(e -> e.subject().equals("root-at-the-idp"));
        assertThat(errorShown(oidcSignIn(browser(), "root-at-the-idp", ADMIN_EMAIL, List.of(),
                Map.of("email_verified", true)))).contains("break-glass");
    }

    @Test
    void linkingRefusesIdentitiesTakenElsewhereAndCallersWhoLackTheAccountsGrants() {
        Browser owner = signInWithOidc("taken-sub", "taken@sso.example", List.of());
        assertThat(owner.cookie(Sessions.COOKIE)).isPresent();
        UUID other = userId(existingAccount("wants-it@sso.example"));
        HttpResponse<String> issued = adminApi(ADMIN_KEY, "POST", "/api/v1/keys",
                "{\"user\":\"officer@sso.example\",\"roles\":[\"security_officer\"]}");
        String officer = json(issued.body()).get("key").asString();

        HttpResponse<String> taken = adminApi(ADMIN_KEY, "POST", "/api/v1/users/" + other + "/identities",
                "{\"method\":\"oidc\",\"subject\":\"taken-sub\"}");
        HttpResponse<String> overReach = adminApi(officer, "POST", "/api/v1/users/" + userId(ADMIN_EMAIL) + "/identities",
                "{\"method\":\"oidc\",\"subject\":\"officer-backdoor\"}");
        HttpResponse<String> noSubject = adminApi(ADMIN_KEY, "POST", "/api/v1/users/" + other + "/identities",
                "{\"method\":\"oidc\"}");

        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
        assertThat(overReach.statusCode()).as(overReach.body()).isEqualTo(403);
        assertThat(noSubject.statusCode()).isEqualTo(400);
        assertThat(bindingsOf(ADMIN_EMAIL)).isZero();
    }
}
