package dev.aurelis.identity;

import java.util.UUID;

/** Published after an identity provider started managing a team as a SCIM group (creating the team if new). */
public record GroupProvisioned(String tenantId, UUID groupId, String team, String actor) {
}
