package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.identity.SignInFailed;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class SamlSignInTests extends SignInTestBase {

    private HttpResponse<String> post(Browser browser, String responseXml) {
        return browser.postForm("/auth/saml/acs", Map.of("SAMLResponse", SamlIdentityProvider.encode(responseXml),
                "RelayState", "/auth/session"), false);
    }

    private SamlIdentityProvider.Assertion assertion(String email, List<String> groups) {
        return SamlIdentityProvider.Assertion.valid(baseUrl(), email, groups);
    }

    @Test
    void publishesServiceProviderMetadataWithTheAssertionConsumerService() {
        HttpResponse<String> metadata = browser().get("/auth/saml/metadata");

        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("entityID=\"" + baseUrl() + "/auth/saml/metadata\"")
                .contains("Location=\"" + baseUrl() + "/auth/saml/acs\"");
    }

    @Test
    void acceptsAnIdpInitiatedResponseWithASignedAssertion() {
        Browser browser = browser();

        HttpResponse<String> response = post(browser, SAML.signedResponse(assertion("sam@sso.example", List.of("aurelis-platform"))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        assertThat(response.headers().firstValue("location")).hasValue("/auth/session");
        var session = json(browser.get("/auth/session").body());
        assertThat(session.get("email").asString()).isEqualTo("sam@sso.example");
        assertThat(session.get("method").asString()).isEqualTo("saml");
        assertThat(session.get("team").asString()).isEqualTo("platform");
    }

    @Test
    void acceptsASignedResponseToItsOwnAuthnRequest() throws Exception {
        Browser browser = browser();
        HttpResponse<String> login = browser.get("/auth/saml/login?next=/auth/session");
        String location = login.headers().firstValue("location").orElseThrow();
        assertThat(location).startsWith("https://idp.sso.example/sso?SAMLRequest=");
        String requestId = authnRequestId(location);

        var a = assertion("sia@sso.example", List.of()).inResponseTo(requestId);
        HttpResponse<String> response = post(browser, SAML.responseXml(a, SAML.assertionXml(a, false), true));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        // the request is answered once: the same InResponseTo again is refused
        var again = SamlIdentityProvider.Assertion.valid(baseUrl(), "sia@sso.example", List.of()).inResponseTo(requestId);
        assertThat(post(browser(), SAML.signedResponse(again)).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesAResponseToARequestItNeverSent() {
        var a = assertion("forged@sso.example", List.of()).inResponseTo("_never-sent");

        assertThat(post(browser(), SAML.signedResponse(a)).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesAnUnsignedResponse() {
        var a = assertion("unsigned@sso.example", List.of());

        HttpResponse<String> response = post(browser(), SAML.responseXml(a, SAML.assertionXml(a, false), false));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("Signature");
    }

    @Test
    void refusesAResponseTamperedWithAfterSigning() {
        String signed = SAML.signedResponse(assertion("tina@sso.example", List.of("aurelis-platform")));
        String tampered = signed.replace("aurelis-platform", "aurelis-admins");
        assertThat(tampered).isNotEqualTo(signed);

        HttpResponse<String> response = post(browser(), tampered);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(events.of(SignInFailed.class)).anyMatch(e -> e.method().equals("saml"));
    }

    @Test
    void refusesASignedAssertionWrappedBesideAForgedOne() {
        var genuine = assertion("victim@sso.example", List.of());
        String signedAssertion = SAML.assertionXml(genuine, true);
        var forged = assertion("attacker@sso.example", List.of("aurelis-admins")).withId(genuine.assertionId());
        String forgedAssertion = SAML.assertionXml(forged, false);
        // XSW: the forged assertion takes the genuine one's place; the signed one hides in Extensions
        String wrapped = SAML.responseXml(genuine, "<samlp:Extensions>" + SamlIdentityProvider.stripDeclaration(signedAssertion)
                + "</samlp:Extensions>" + forgedAssertion, false);
        String wrappedInside = SAML.responseXml(genuine, forgedAssertion.replace("</saml:Issuer>",
                "</saml:Issuer>" + SamlIdentityProvider.stripDeclaration(signedAssertion).replaceFirst("ID=\"[^\"]+\"", "ID=\"_moved\"")), false);

        assertThat(post(browser(), wrapped).statusCode()).isEqualTo(401);
        assertThat(post(browser(), wrappedInside).statusCode()).isEqualTo(401);
        Long attacker = asTenant(() -> jdbc.sql("select count(*) from identity_user where email = 'attacker@sso.example'")
                .query(Long.class).single());
        assertThat(attacker).isZero();
    }

    @Test
    void refusesAnExpiredAssertion() {
        Instant past = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var a = assertion("late@sso.example", List.of()).window(past.minus(Duration.ofMinutes(5)), past);

        HttpResponse<String> response = post(browser(), SAML.signedResponse(a));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void refusesAnAssertionForAnotherAudience() {
        var a = assertion("elsewhere@sso.example", List.of()).audience("https://other-sp.example/metadata");

        assertThat(post(browser(), SAML.signedResponse(a)).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesAReplayedAssertion() {
        String response = SAML.signedResponse(assertion("replay@sso.example", List.of()));

        HttpResponse<String> first = post(browser(), response);
        HttpResponse<String> second = post(browser(), response);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(303);
        assertThat(second.statusCode()).isEqualTo(401);
        assertThat(second.body()).contains("replay");
    }

    private static String authnRequestId(String location) throws Exception {
        Matcher m = Pattern.compile("SAMLRequest=([^&]+)").matcher(URI.create(location).getRawQuery());
        assertThat(m.find()).isTrue();
        byte[] deflated = Base64.getDecoder().decode(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buffer, 0, n);
        }
        Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(id.find()).isTrue();
        return id.group(1);
    }
}
