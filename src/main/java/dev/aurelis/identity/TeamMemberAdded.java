package dev.aurelis.identity;

import java.util.UUID;

/** Published after a user joined a team (and so gained the team's roles). */
public record TeamMemberAdded(String tenantId, String team, UUID userId, String actor) {
}
