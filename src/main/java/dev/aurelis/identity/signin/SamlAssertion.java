package dev.aurelis.identity.signin;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.settings.Saml2Settings;
import java.util.ArrayList;
import java.util.List;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.NodeList;

/**
 * A SAML response as the toolkit validates it, plus what Aurelis reads from the one assertion the toolkit
 * verified (never from elements beside it): the authentication context the IdP reports.
 */
final class SamlAssertion extends SamlResponse {

    SamlAssertion(Saml2Settings settings, HttpRequest request) throws Exception {
        super(settings, request);
    }

    /** The assertion's AuthnContextClassRef values (how the IdP authenticated the person). */
    List<String> authnContexts() throws XPathExpressionException {
        NodeList nodes = queryAssertion("/saml:AuthnStatement/saml:AuthnContext/saml:AuthnContextClassRef");
        List<String> contexts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            contexts.add(nodes.item(i).getTextContent().strip());
        }
        return contexts;
    }
}
