package dev.aurelis.privacy;

import java.time.Instant;
import java.util.UUID;

/**
 * A person withdrew consent to a purpose; {@code erasedRows} is what was erased with it (the content log's rows for
 * {@code content_logging}). The audit trail records it.
 */
public record ConsentWithdrawn(String tenantId, UUID userId, String purpose, String policyVersion, String actor,
        Instant at, long erasedRows) {
}
