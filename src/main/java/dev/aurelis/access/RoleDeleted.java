package dev.aurelis.access;

/** Published after a role defined through the API was deleted. */
public record RoleDeleted(String tenantId, String role, String actor) implements AccessChanged {
}
