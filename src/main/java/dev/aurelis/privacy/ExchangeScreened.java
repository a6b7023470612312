package dev.aurelis.privacy;

import java.time.Instant;
import java.util.Map;

/**
 * The privacy step decided about an exchange that had findings, an exclusion or a class a policy acts on. Carries
 * detector names and counts only, never the text found.
 *
 * @param outcome   passed, alerted, redacted, routed_on_premise or blocked ({@link PrivacyOutcome})
 * @param dataClass public, internal, confidential or restricted; null when classification is off
 * @param detectors detector name to how many times it fired
 * @param where     for a block, the part of the request that caused it (e.g. {@code messages[2].content}); else null
 */
public record ExchangeScreened(String tenantId, String requestId, String outcome, String dataClass,
        Map<String, Integer> detectors, String where, Instant at) {
}
