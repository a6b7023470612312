package dev.aurelis.gateway.pipeline;

import org.springframework.stereotype.Component;

/**
 * The privacy step of the pipeline, between access and spend: it sees each request after the caller may make it and
 * before anything is reserved or routed, and may let it through, rewrite it, block it or keep it on premise
 * ({@link PrivacyVerdict}). Aurelis has no privacy policy yet (scanning for secrets and personal data is the
 * privacy module's, still to come), so every request passes as sent.
 */
@Component
class PrivacyStep {

    PrivacyVerdict screen(Exchange exchange, ExchangeRequest request) {
        return PrivacyVerdict.ALLOW;
    }
}
