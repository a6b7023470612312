package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.identity.SignInSettings.Provider;
import dev.aurelis.identity.signin.SamlIdentityProvider.Assertion;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code integrations.sso.provider} on the sign-in page and {@code integrations.sso.saml.acs_url} in the SAML exchange
 * (ADR 0050). The test configuration names okta and configures OIDC, SAML and LDAP.
 */
class SsoProviderTests extends SignInTestBase {

    private static final String ACS_URL = "https://aurelis.sso.example/gateway/auth/saml/acs";

    /** The sign-in page's provider buttons as (method, label, primary). */
    private List<String> buttons() {
        HttpResponse<String> page = browser().send(java.net.http.HttpRequest.newBuilder(URI.create(baseUrl() + "/login"))
                .header("accept", "text/html").GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("<a ([^>]*data-method=\"(\\w+)\"[^>]*)>([^<]*)</a>").matcher(page.body());
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(2) + ": " + m.group(3) + (m.group(1).contains("primary") ? " (primary)" : ""));
        }
        return found;
    }

    @Test
    void theSignInPageLeadsWithTheNamedProvidersMethodUnderItsName() {
        assertThat(buttons()).containsExactly("oidc: Sign in with Okta (primary)", "saml: Sign in with SAML single sign-on");

        withSettings(ChangedSettings.provider(Provider.SAML), () -> assertThat(buttons())
                .containsExactly("saml: Sign in with SAML single sign-on (primary)", "oidc: Sign in with your identity provider"));
        withSettings(ChangedSettings.provider(Provider.AZURE_AD), () -> assertThat(buttons())
                .containsExactly("oidc: Sign in with Microsoft Entra ID (primary)", "saml: Sign in with SAML single sign-on"));
        // a directory leads with the password form; the other methods follow it, none primary
        withSettings(ChangedSettings.provider(Provider.LDAP), () -> assertThat(buttons())
                .containsExactly("oidc: Sign in with your identity provider", "saml: Sign in with SAML single sign-on"));
    }

    @Test
    void theServiceProviderMetadataAndRequestsAdvertiseTheConfiguredAcsUrl() {
        withSettings(ChangedSettings.saml(ChangedSettings.samlAcsUrl(URI.create(ACS_URL))), () -> {
            HttpResponse<String> metadata = browser().get("/auth/saml/metadata");
            assertThat(metadata.body()).contains("Location=\"" + ACS_URL + "\"")
                    .doesNotContain("Location=\"" + baseUrl() + "/auth/saml/acs\"");

            String location = browser().get("/auth/saml/login").headers().firstValue("location").orElseThrow();
            assertThat(authnRequest(location)).contains("AssertionConsumerServiceURL=\"" + ACS_URL + "\"");
        });
    }

    @Test
    void aResponseMustBeAddressedToTheConfiguredAcsUrl() {
        withSettings(ChangedSettings.saml(ChangedSettings.samlAcsUrl(URI.create(ACS_URL))), () -> {
            // the proxy in front routes the public ACS URL to Aurelis's /auth/saml/acs
            Browser browser = browser();
            Assertion addressed = solicited(browser, Assertion.valid(baseUrl(), "acs@sso.example", List.of())).acsUrl(ACS_URL);
            HttpResponse<String> accepted = post(browser, SAML.signedResponse(addressed));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
            assertThat(json(browser.get("/auth/session").body()).get("email").asString()).isEqualTo("acs@sso.example");

            Browser other = browser();
            Assertion elsewhere = solicited(other, Assertion.valid(baseUrl(), "acs-default@sso.example", List.of()));
            HttpResponse<String> refused = post(other, SAML.signedResponse(elsewhere));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(json(refused.body()).get("error").get("message").asString()).contains(ACS_URL);
        });
    }

    private HttpResponse<String> post(Browser browser, String responseXml) {
        return browser.postForm("/auth/saml/acs", Map.of("SAMLResponse", SamlIdentityProvider.encode(responseXml),
                "RelayState", "/auth/session"), false);
    }

    /** The AuthnRequest in an HTTP-Redirect binding URL, inflated. */
    private static String authnRequest(String location) {
        Matcher m = Pattern.compile("SAMLRequest=([^&]+)").matcher(URI.create(location).getRawQuery());
        assertThat(m.find()).isTrue();
        byte[] deflated = java.util.Base64.getDecoder().decode(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        inflater.setInput(deflated);
        byte[] buffer = new byte[16384];
        try {
            int n = inflater.inflate(buffer);
            return new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        }
    }
}
