package dev.aurelis.identity.signin;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The identity provider's side of SAML for tests: writes responses as IdPs do and signs them with a test key
 * through the SAML toolkit's signer (Apache Santuario), so the server verifies real XML signatures.
 */
final class SamlIdentityProvider {

    private final String entityId;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String certificatePem;

    SamlIdentityProvider(String entityId) {
        this.entityId = entityId;
        try {
            this.certificatePem = resource("/saml/idp-cert.pem");
            this.certificate = Util.loadCert(certificatePem);
            this.key = Util.loadPrivateKey(resource("/saml/idp-key.pem"));
        } catch (Exception e) {
            throw new IllegalStateException("Could not load the test IdP's key pair", e);
        }
    }

    String certificatePem() {
        return certificatePem;
    }

    /** One attribute element as an IdP writes it; IdPs may repeat a name (Keycloak's role_list: one per role). */
    record Attribute(String name, String nameFormat, List<String> values) {

        static Attribute of(String name, String... values) {
            return new Attribute(name, null, List.of(values));
        }

        Attribute format(String format) {
            return new Attribute(name, format, values);
        }
    }

    static final String EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
    static final String UNSPECIFIED_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
    static final String PASSWORD_PROTECTED = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    /** What a response says; each test changes what it needs. */
    record Assertion(String acsUrl, String audience, String nameId, String nameIdFormat, List<Attribute> attributes,
            String authnContext, String inResponseTo, Instant notBefore, Instant notOnOrAfter, String assertionId) {

        /** NameID and e-mail attribute are the address, as Okta sends them with the EmailAddress format. */
        static Assertion valid(String baseUrl, String email, List<String> groups) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            return new Assertion(baseUrl + "/auth/saml/acs", baseUrl + "/auth/saml/metadata", email, EMAIL_FORMAT,
                    List.of(Attribute.of("email", email), new Attribute("groups", null, groups)), PASSWORD_PROTECTED, null,
                    now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(5)), "_a" + UUID.randomUUID());
        }

        Assertion inResponseTo(String requestId) {
            return new Assertion(acsUrl, audience, nameId, nameIdFormat, attributes, authnContext, requestId, notBefore,
                    notOnOrAfter, assertionId);
        }

        Assertion window(Instant from, Instant until) {
            return new Assertion(acsUrl, audience, nameId, nameIdFormat, attributes, authnContext, inResponseTo, from, until,
                    assertionId);
        }

        /** Addressed to another assertion consumer service (the response's Destination and the Recipient). */
        Assertion acsUrl(String other) {
            return new Assertion(other, audience, nameId, nameIdFormat, attributes, authnContext, inResponseTo, notBefore,
                    notOnOrAfter, assertionId);
        }

        Assertion audience(String other) {
            return new Assertion(acsUrl, other, nameId, nameIdFormat, attributes, authnContext, inResponseTo, notBefore,
                    notOnOrAfter, assertionId);
        }

        Assertion withId(String id) {
            return new Assertion(acsUrl, audience, nameId, nameIdFormat, attributes, authnContext, inResponseTo, notBefore,
                    notOnOrAfter, id);
        }

        Assertion nameId(String other) {
            return nameId(other, nameIdFormat);
        }

        Assertion nameId(String other, String format) {
            return new Assertion(acsUrl, audience, other, format, attributes, authnContext, inResponseTo, notBefore,
                    notOnOrAfter, assertionId);
        }

        Assertion attributes(Attribute... replaced) {
            return new Assertion(acsUrl, audience, nameId, nameIdFormat, List.of(replaced), authnContext, inResponseTo,
                    notBefore, notOnOrAfter, assertionId);
        }

        Assertion authnContext(String context) {
            return new Assertion(acsUrl, audience, nameId, nameIdFormat, attributes, context, inResponseTo, notBefore,
                    notOnOrAfter, assertionId);
        }
    }

    /** The assertion's XML, signed when asked. */
    String assertionXml(Assertion a, boolean sign) {
        String inResponseTo = a.inResponseTo() == null ? "" : " InResponseTo=\"" + a.inResponseTo() + "\"";
        StringBuilder attributes = new StringBuilder();
        for (Attribute attribute : a.attributes()) {
            attributes.append("<saml:Attribute Name=\"").append(attribute.name()).append('"')
                    .append(attribute.nameFormat() == null ? "" : " NameFormat=\"" + attribute.nameFormat() + "\"").append('>');
            for (String value : attribute.values()) {
                attributes.append("<saml:AttributeValue xsi:type=\"xs:string\">").append(value).append("</saml:AttributeValue>");
            }
            attributes.append("</saml:Attribute>");
        }
        String xml = """
                <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="%1$s" Version="2.0" IssueInstant="%2$s">\
                <saml:Issuer>%3$s</saml:Issuer>\
                <saml:Subject><saml:NameID Format="%4$s">%5$s</saml:NameID>\
                <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\
                <saml:SubjectConfirmationData NotOnOrAfter="%6$s" Recipient="%7$s"%8$s/></saml:SubjectConfirmation></saml:Subject>\
                <saml:Conditions NotBefore="%9$s" NotOnOrAfter="%6$s"><saml:AudienceRestriction>\
                <saml:Audience>%10$s</saml:Audience></saml:AudienceRestriction></saml:Conditions>\
                <saml:AuthnStatement AuthnInstant="%2$s" SessionIndex="_s%1$s"><saml:AuthnContext>\
                <saml:AuthnContextClassRef>%11$s</saml:AuthnContextClassRef>\
                </saml:AuthnContext></saml:AuthnStatement>\
                <saml:AttributeStatement>%12$s</saml:AttributeStatement>\
                </saml:Assertion>""".formatted(a.assertionId(), a.notBefore().plusSeconds(30), entityId, a.nameIdFormat(),
                a.nameId(), a.notOnOrAfter(), a.acsUrl(), inResponseTo, a.notBefore(), a.audience(), a.authnContext(),
                attributes);
        return sign ? sign(xml) : xml;
    }

    /** A response around an assertion (already signed or not), itself signed when asked. */
    String responseXml(Assertion a, String assertionXml, boolean signResponse) {
        String inResponseTo = a.inResponseTo() == null ? "" : " InResponseTo=\"" + a.inResponseTo() + "\"";
        String xml = """
                <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
                ID="_r%1$s" Version="2.0" IssueInstant="%2$s" Destination="%3$s"%4$s>\
                <saml:Issuer>%5$s</saml:Issuer>\
                <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
                %6$s</samlp:Response>""".formatted(UUID.randomUUID(), a.notBefore().plusSeconds(30), a.acsUrl(), inResponseTo,
                entityId, stripDeclaration(assertionXml));
        return signResponse ? sign(xml) : xml;
    }

    /** The usual shape: assertion signed, response not (as Entra ID sends by default). */
    String signedResponse(Assertion a) {
        return responseXml(a, assertionXml(a, true), false);
    }

    String sign(String xml) {
        try {
            return stripDeclaration(Util.addSign(Util.loadXML(xml), key, certificate, Constants.RSA_SHA256, Constants.SHA256));
        } catch (Exception e) {
            throw new IllegalStateException("Could not sign the test SAML document", e);
        }
    }

    static String encode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    static String stripDeclaration(String xml) {
        return xml.replaceFirst("^<\\?xml[^>]*\\?>\\s*", "");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SamlIdentityProvider.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing test resource " + name));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
