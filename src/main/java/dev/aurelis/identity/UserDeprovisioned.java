package dev.aurelis.identity;

import java.util.UUID;

/**
 * Published when a user was de-provisioned ({@code deleted} true when removed, false when only deactivated).
 * Within the same transaction every key of the user is revoked; listeners end the user's sessions.
 */
public record UserDeprovisioned(String tenantId, UUID userId, String email, boolean deleted, String actor) {
}
