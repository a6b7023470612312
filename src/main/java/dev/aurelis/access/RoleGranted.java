package dev.aurelis.access;

import java.util.UUID;

/** Published after a role was bound to a user or a team (one of {@code userId}, {@code team} is set). */
public record RoleGranted(String tenantId, UUID bindingId, String role, UUID userId, String team,
        String scopeDepartment, String scopeTeam, String actor) implements AccessChanged {
}
