package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInFailed;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.tenancy.TenantId;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LdapSignInTests extends SignInTestBase {

    @Test
    void signsInWithADirectoryPasswordAndMapsOpenLdapGroups() {
        Browser browser = browser().withCsrfCookie();

        HttpResponse<String> login = browser.postForm("/auth/login", Map.of("username", "carol",
                "password", "carol-ldap-password"));

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(json(login.body()).get("status").asString()).isEqualTo("signed_in");
        var session = json(browser.get("/auth/session").body());
        assertThat(session.get("email").asString()).isEqualTo("carol@sso.example");
        assertThat(session.get("method").asString()).isEqualTo("ldap");
        assertThat(session.get("team").asString()).isEqualTo("reviewers");
    }

    @Test
    void signsInWithTheDirectoryEmailAddressAsTheFormOffers() {
        Browser browser = browser().withCsrfCookie();

        HttpResponse<String> page = browser.get("/login");
        HttpResponse<String> login = browser.postForm("/auth/login", Map.of("username", "carol@sso.example",
                "password", "carol-ldap-password"));

        assertThat(page.body()).contains("User name or e-mail");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(json(browser.get("/auth/session").body()).get("email").asString()).isEqualTo("carol@sso.example");
    }

    @Test
    void withoutAnEmailSearchTheFormAsksForTheDirectoryUserName() {
        withSettings(ChangedSettings.ldapEmailSearch(null), () -> {
                    Browser browser = browser().withCsrfCookie();

                    HttpResponse<String> page = browser.get("/login");
                    HttpResponse<String> byEmail = browser.postForm("/auth/login", Map.of("username", "carol@sso.example",
                            "password", "carol-ldap-password"));

                    assertThat(page.body()).contains("Directory user name, or the e-mail of a local account")
                            .doesNotContain("User name or e-mail");
                    assertThat(byEmail.statusCode()).isEqualTo(401);
                });
    }

    @Test
    void refusesAWrongDirectoryPassword() {
        Browser browser = browser().withCsrfCookie();

        HttpResponse<String> login = browser.postForm("/auth/login", Map.of("username", "carol", "password", "guess"));

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(browser.cookie(Sessions.COOKIE)).isEmpty();
        assertThat(events.of(SignInFailed.class)).anyMatch(e -> e.method().equals("ldap") && e.principal().equals("carol"));
    }

    @Test
    void refusesADirectoryAccountWithoutAnEmailAddress() {
        Browser browser = browser().withCsrfCookie();

        HttpResponse<String> login = browser.postForm("/auth/login", Map.of("username", "erin", "password", "erin-ldap-password"));

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.body()).contains("e-mail");
    }

    @Test
    void refusesASignInFormPostedWithoutTheCsrfToken() {
        Browser browser = browser().withCsrfCookie();

        HttpResponse<String> login = browser.postForm("/auth/login", Map.of("username", "carol",
                "password", "carol-ldap-password"), false);

        assertThat(login.statusCode()).isEqualTo(403);
    }

    @Test
    void readsActiveDirectoryGroupsFromMemberOf() {
        SignIn activeDirectory = new SignIn();
        activeDirectory.configure(new SignInSettings(TenantId.of("ad-test"), true, true, null, false, null, null, null,
                new SignInSettings.Ldap("ldap://127.0.0.1:" + LDAP.getListenPort(), true, "dc=sso,dc=example", null, null,
                        "ou=people", "(&(objectClass=user)(|(sAMAccountName={0})(userPrincipalName={0})))", "", null,
                        "userPrincipalName", "Active Directory", null, "(|(userPrincipalName={0})(mail={0}))"), null, null));
        LdapSignIn ldap = new LdapSignIn(activeDirectory);

        Optional<ExternalIdentity> bySam = ldap.authenticate("dave", "dave-ad-password");
        Optional<ExternalIdentity> byUpn = ldap.authenticate("dave@sso.example", "dave-ad-password");

        assertThat(bySam).isPresent();
        assertThat(bySam.get().email()).isEqualTo("dave@sso.example");
        assertThat(bySam.get().groups()).containsExactly("aurelis-platform", "Domain Users");
        assertThat(byUpn).isPresent();
        assertThat(ldap.authenticate("dave", "wrong")).isEmpty();
    }
}
