package dev.aurelis.routing;

/** An organisation removed one of its own models. */
public record OrganizationModelRemoved(String tenantId, String name, String actor) implements CustomModelChanged {
}
