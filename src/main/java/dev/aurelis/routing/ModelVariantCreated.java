package dev.aurelis.routing;

/** An organisation made a variant of a model. */
public record ModelVariantCreated(String tenantId, String name, String baseModel, boolean systemPrompt, Double temperature,
        Integer maxTokens, Double topP, String actor) implements CustomModelChanged {

    public static ModelVariantCreated of(String tenantId, ModelVariant v, String actor) {
        return new ModelVariantCreated(tenantId, v.name(), v.baseModel(), v.systemPrompt() != null, v.temperature(), v.maxTokens(),
                v.topP(), actor);
    }
}
