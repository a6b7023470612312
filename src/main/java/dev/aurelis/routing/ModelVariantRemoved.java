package dev.aurelis.routing;

/** An organisation removed a variant of a model. */
public record ModelVariantRemoved(String tenantId, String name, String actor) implements CustomModelChanged {
}
