package dev.aurelis.privacy;

import java.time.Instant;
import java.util.List;

/** The retention job ran for a tenant: what it dropped, per store, and which stores are still past their policy. */
public record RetentionApplied(String tenantId, Instant ranAt, List<String> applied, List<String> overdue) {
}
