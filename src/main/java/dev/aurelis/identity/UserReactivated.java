package dev.aurelis.identity;

import java.util.UUID;

/** Published when a deactivated user became active again; revoked keys stay revoked. */
public record UserReactivated(String tenantId, UUID userId, String email, String actor) {
}
