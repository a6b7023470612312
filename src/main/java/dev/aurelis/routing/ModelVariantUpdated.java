package dev.aurelis.routing;

/** An organisation changed a variant of a model. */
public record ModelVariantUpdated(String tenantId, String name, String baseModel, boolean systemPrompt, Double temperature,
        Integer maxTokens, Double topP, String actor) implements CustomModelChanged {

    public static ModelVariantUpdated of(String tenantId, ModelVariant v, String actor) {
        return new ModelVariantUpdated(tenantId, v.name(), v.baseModel(), v.systemPrompt() != null, v.temperature(), v.maxTokens(),
                v.topP(), actor);
    }
}
