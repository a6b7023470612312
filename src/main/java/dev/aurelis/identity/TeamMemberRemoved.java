package dev.aurelis.identity;

import java.util.UUID;

/** Published after a user left a team. */
public record TeamMemberRemoved(String tenantId, String team, UUID userId, String actor) {
}
