package dev.aurelis.access;

import java.util.UUID;

/** Published after a role binding was removed. */
public record RoleRevoked(String tenantId, UUID bindingId, String role, UUID userId, String team, String actor)
        implements AccessChanged {
}
