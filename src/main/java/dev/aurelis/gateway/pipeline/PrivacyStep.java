package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.identity.Caller;
import dev.aurelis.privacy.ExchangeScreen;
import dev.aurelis.privacy.PrivacyDecision;
import dev.aurelis.privacy.PrivacyGuard;
import dev.aurelis.privacy.PrivacyOutcome;
import dev.aurelis.privacy.PrivacySubject;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The privacy step of the pipeline, between access and spend: every text of the request is screened for secrets,
 * personal data and excluded content (in memory, one pass per text), and by policy the request goes on as sent,
 * with placeholders for what was found (for every provider, or only for those not on premise), kept on premise, or
 * is refused ({@link PrivacyVerdict}). The screen stays with the exchange so its answer can be screened too.
 */
@Component
class PrivacyStep {

    /** The repository the client works in (owner/name), for exclusions and classification. */
    static final String REPOSITORY_HEADER = "x-aurelis-repository";

    private final PrivacyGuard guard;

    PrivacyStep(PrivacyGuard guard) {
        this.guard = guard;
    }

    PrivacyVerdict screen(Exchange exchange, ExchangeRequest request) {
        if (!guard.active()) {
            return PrivacyVerdict.ALLOW;
        }
        TraceStep step = exchange.trace().step("aurelis.privacy");
        try {
            return screened(exchange, request, step);
        } catch (RuntimeException failed) {
            throw step.failed(failed);
        } finally {
            step.end();
        }
    }

    /** The scan and the policy's decision; the trace learns the outcome, never what was found. */
    private PrivacyVerdict screened(Exchange exchange, ExchangeRequest request, TraceStep step) {
        Caller caller = exchange.caller();
        ExchangeScreen screen = guard.open(new PrivacySubject(caller.tenantId().value(), exchange.requestId(),
                caller.department(), caller.team(), exchange.project(), exchange.model(),
                exchange.arrival().headers().get(REPOSITORY_HEADER)));
        List<RequestTexts.Hit> hits = RequestTexts.inspect(request.body(), screen);
        PrivacyDecision decision = screen.decide();
        exchange.screened(screen, decision);
        step.tag("aurelis.privacy.outcome", decision.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (decision.outcome() == PrivacyOutcome.BLOCKED) {
            return new PrivacyVerdict.Block(new GatewayError(GatewayError.Kind.INVALID_REQUEST, 400,
                    "The request was refused by the privacy policy: " + decision.blockedBy() + " matched"
                            + (decision.where() == null ? "" : " in " + decision.where())
                            + ". Remove it and send again, or ask an administrator about the policy.",
                    "privacy_blocked", decision.where()));
        }
        boolean onPremiseOnly = decision.outcome() == PrivacyOutcome.ROUTED_ON_PREMISE;
        ObjectNode onPremise = decision.changesOnPremise() ? RequestTexts.redacted(request.body(), hits, screen, true) : null;
        ObjectNode offPremise = decision.changesOffPremise() ? RequestTexts.redacted(request.body(), hits, screen, false)
                : onPremise;
        if (onPremise == null && offPremise == null && !onPremiseOnly) {
            return PrivacyVerdict.ALLOW;
        }
        return new PrivacyVerdict.Screened(onPremise, offPremise, onPremiseOnly, decision.localModel());
    }
}
