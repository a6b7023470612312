package dev.aurelis.routing;

import java.time.Instant;

/**
 * A named variant of a model ({@code advanced_features.model_customization}): a request naming it is served by
 * {@code baseModel}, with {@code systemPrompt} before the caller's own system prompt and each parameter given here
 * applied where the caller set none. Null fields are left as the caller sent them.
 */
public record ModelVariant(String name, String baseModel, String systemPrompt, Double temperature, Integer maxTokens,
        Double topP, String createdBy, Instant createdAt, Instant updatedAt) {
}
