package dev.aurelis.privacy;

import java.util.List;
import java.util.UUID;

/**
 * A person was erased: only the pseudonym and the stores touched, never who they were (the audit trail records it).
 */
public record PersonErased(String tenantId, UUID erasureId, String pseudonym, List<String> stores, String actor) {
}
