package dev.aurelis.identity;

import java.util.UUID;

/** Published after a SCIM group was deleted: its members left the team; the team itself remains. */
public record GroupDeprovisioned(String tenantId, UUID groupId, String team, String actor) {
}
