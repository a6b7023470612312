package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import tools.jackson.databind.node.ObjectNode;

/** What the privacy step decides of a request; {@link Exchanges} acts on it before spend and routing. */
sealed interface PrivacyVerdict {

    /** The request goes on as the client sent it. */
    PrivacyVerdict ALLOW = new Allow();

    record Allow() implements PrivacyVerdict {
    }

    /** The request goes on with this body instead (for example with secrets redacted); it is what providers see. */
    record Rewrite(ObjectNode body) implements PrivacyVerdict {
    }

    /** The request is refused with this error, in the caller's wire format, and recorded as refused. */
    record Block(GatewayError refusal) implements PrivacyVerdict {
    }

    /**
     * The request goes on, to on-premise deployments only (as if the client had sent {@code x-aurelis-on-premise}),
     * with {@code body} instead of the client's when it is not null.
     */
    record OnPremiseOnly(ObjectNode body) implements PrivacyVerdict {
    }
}
