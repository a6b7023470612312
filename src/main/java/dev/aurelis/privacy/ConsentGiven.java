package dev.aurelis.privacy;

import java.time.Instant;
import java.util.UUID;

/** A person gave consent to a purpose under a version of the privacy notice (the audit trail records it). */
public record ConsentGiven(String tenantId, UUID userId, String purpose, String policyVersion, String actor,
        Instant at) {
}
