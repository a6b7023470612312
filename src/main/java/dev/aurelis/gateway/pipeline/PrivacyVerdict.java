package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import tools.jackson.databind.node.ObjectNode;

/** What the privacy step decides of a request; {@link Exchanges} acts on it before spend and routing. */
sealed interface PrivacyVerdict {

    /** The request goes on as the client sent it. */
    PrivacyVerdict ALLOW = new Allow();

    record Allow() implements PrivacyVerdict {
    }

    /**
     * The request goes on with these bodies: {@code onPremise} for deployments on premise, {@code offPremise} for the
     * others (null where the client's body goes as sent).
     *
     * @param onPremiseOnly only on-premise deployments may serve it
     * @param localModel    the model that serves it instead of the one asked for, or null
     */
    record Screened(ObjectNode onPremise, ObjectNode offPremise, boolean onPremiseOnly, String localModel)
            implements PrivacyVerdict {
    }

    /** The request is refused with this error, in the caller's wire format, and recorded as refused. */
    record Block(GatewayError refusal) implements PrivacyVerdict {
    }
}
