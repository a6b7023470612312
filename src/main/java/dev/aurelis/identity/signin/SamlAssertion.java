package dev.aurelis.identity.signin;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Util;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A SAML response as the toolkit validates it, with the time window Aurelis is configured for: the toolkit's own
 * checks allow a fixed three minutes of clock drift, so the configured {@code clock_skew} (at most three minutes)
 * is checked here on every time the assertion states (conditions, bearer subject confirmation, session) and is the
 * tolerance that decides. Reads what Aurelis needs only from the one assertion the toolkit verified, never from
 * elements beside it.
 */
final class SamlAssertion extends SamlResponse {

    /** The toolkit's fixed drift; a configured skew above it could not widen the window. */
    static final Duration MAX_SKEW = Duration.ofMinutes(3);

    private Instant now = Instant.now();
    private Duration skew = Duration.ZERO;

    SamlAssertion(Saml2Settings settings, HttpRequest request) throws Exception {
        super(settings, request);
    }

    /** Judges the time window at {@code now}, tolerating {@code skew} each way. */
    SamlAssertion at(Instant now, Duration skew) {
        this.now = now;
        this.skew = skew;
        return this;
    }

    /** Every {@code Conditions} window of the document, with the configured skew (replaces the toolkit's drift). */
    @Override
    public boolean validateTimestamps() throws ValidationError {
        NodeList conditions = getSAMLResponseDocument().getElementsByTagNameNS("*", "Conditions");
        for (int i = 0; i < conditions.getLength(); i++) {
            window(conditions.item(i), "NotBefore", "NotOnOrAfter", "The assertion's conditions");
        }
        return true;
    }

    /**
     * The remaining times, checked after the toolkit accepted the response: every bearer subject confirmation and
     * the session's end must hold at {@code now} within the skew.
     */
    void checkTimes() throws XPathExpressionException, ValidationError {
        NodeList confirmations = queryAssertion("/saml:Subject/saml:SubjectConfirmation"
                + "[@Method='urn:oasis:names:tc:SAML:2.0:cm:bearer']/saml:SubjectConfirmationData");
        for (int i = 0; i < confirmations.getLength(); i++) {
            window(confirmations.item(i), "NotBefore", "NotOnOrAfter", "The subject confirmation");
        }
        NodeList statements = queryAssertion("/saml:AuthnStatement");
        for (int i = 0; i < statements.getLength(); i++) {
            window(statements.item(i), null, "SessionNotOnOrAfter", "The IdP session");
        }
    }

    private void window(Node node, String notBefore, String notOnOrAfter, String what) throws ValidationError {
        Instant from = time(node, notBefore);
        Instant until = time(node, notOnOrAfter);
        if (until != null && !now.isBefore(until.plus(skew))) {
            throw new ValidationError(what + " expired at " + until + " (clock skew allowed: " + skew.toSeconds() + " s).",
                    ValidationError.ASSERTION_EXPIRED);
        }
        if (from != null && now.isBefore(from.minus(skew))) {
            throw new ValidationError(what + " is valid only from " + from + " (clock skew allowed: " + skew.toSeconds()
                    + " s).", ValidationError.ASSERTION_TOO_EARLY);
        }
    }

    private static Instant time(Node node, String attribute) {
        Node value = attribute == null ? null : node.getAttributes().getNamedItem(attribute);
        return value == null ? null : Instant.ofEpochMilli(Util.parseDateTime(value.getNodeValue()).getMillis());
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
