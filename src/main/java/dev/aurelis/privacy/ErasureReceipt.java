package dev.aurelis.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an erasure did: the pseudonym that now stands for the person and every store touched. */
public record ErasureReceipt(UUID id, String tenantId, String pseudonym, Instant erasedAt, String requestedBy,
        List<ErasedStore> stores) {
}
