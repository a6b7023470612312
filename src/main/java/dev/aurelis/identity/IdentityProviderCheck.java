package dev.aurelis.identity;

import dev.aurelis.identity.signin.ProviderCalls;
import dev.aurelis.identity.signin.SignInRefused;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether an identity provider answers as sign-in will need it to, asked ahead of anyone signing in (onboarding):
 * an OpenID Connect issuer's discovery document, a SAML IdP's metadata, an LDAP directory's port. Calls are bounded
 * by the same timeouts as sign-in's; a failure says what did not answer and why.
 */
@Component
public class IdentityProviderCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProviderCalls calls;
    private final SignIn signIn;

    IdentityProviderCheck(ProviderCalls calls, SignIn signIn) {
        this.calls = calls;
        this.signIn = signIn;
    }

    /** The identity provider did not answer, or answered with something sign-in cannot use. */
    public static class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    /** Reads {@code issuer}'s discovery document; answers its authorization endpoint. */
    public String oidcDiscovery(String issuer) {
        String trimmed = issuer.replaceAll("/+$", "");
        URI location = URI.create(trimmed + "/.well-known/openid-configuration");
        Map<String, Object> metadata;
        try {
            metadata = JSON.readValue(get(location, "The identity provider's discovery document"),
                    new TypeReference<Map<String, Object>>() { });
        } catch (JacksonException e) {
            throw new Unreachable("The identity provider's discovery document at " + location + " is not JSON.");
        }
        Object named = metadata.get("issuer");
        if (named == null || !named.toString().replaceAll("/+$", "").equals(trimmed)) {
            throw new Unreachable("The identity provider's discovery document names the issuer " + named
                    + ", not the configured " + issuer + ".");
        }
        Object authorization = metadata.get("authorization_endpoint");
        if (authorization == null) {
            throw new Unreachable("The identity provider's discovery document at " + location
                    + " names no authorization_endpoint.");
        }
        return authorization.toString();
    }

    /** Reads a SAML IdP's metadata; answers the entity id it declares. */
    public String samlMetadata(URI url) {
        String xml = get(url, "The SAML IdP's metadata");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // metadata comes from the network: no DTDs, no external entities
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            String entityId = document.getDocumentElement().getAttribute("entityID");
            if (entityId.isBlank()) {
                throw new Unreachable("The SAML IdP's metadata at " + url + " declares no entityID.");
            }
            return entityId;
        } catch (Unreachable e) {
            throw e;
        } catch (Exception e) {
            throw new Unreachable("The SAML IdP's metadata at " + url + " is not well-formed XML.");
        }
    }

    /** Opens and closes a connection to the directory at {@code ldapUrl} (ldap:// or ldaps://). */
    public void ldapPort(String ldapUrl) {
        URI uri = URI.create(ldapUrl);
        int port = uri.getPort() > 0 ? uri.getPort() : "ldaps".equalsIgnoreCase(uri.getScheme()) ? 636 : 389;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port),
                    (int) signIn.settings().connectTimeout().toMillis());
        } catch (IOException | IllegalArgumentException e) {
            throw new Unreachable("The directory at " + uri.getScheme() + "://" + uri.getHost() + ":" + port
                    + " could not be reached (" + e.getMessage() + ").");
        }
    }

    private String get(URI uri, String what) {
        try {
            return calls.get(uri, what);
        } catch (SignInRefused e) {
            throw new Unreachable(e.getMessage());
        }
    }
}
