package dev.aurelis.access;

import java.time.Instant;
import java.util.UUID;

/**
 * A role granted to a user ({@code userId}) or to everyone in a team ({@code team}). A department-scoped role
 * reaches {@code scopeDepartment}, a team-scoped role {@code scopeTeam}; left out, they reach the subject's
 * own teams and their departments.
 */
public record RoleBinding(UUID id, UUID userId, String team, String role, String scopeDepartment, String scopeTeam,
        String source, String createdBy, Instant createdAt) {
}
