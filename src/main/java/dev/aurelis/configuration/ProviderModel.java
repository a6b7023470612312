package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonCreator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One model a provider serves. In the file either a plain string ({@code - gpt-4o}: clients ask for it under the
 * provider's own id) or a mapping ({@code - {name: gpt-4o, id: openai/gpt-4o, context_window: 128000}}).
 *
 * @param name          the name clients ask for; defaults to {@code id}
 * @param id            the provider's own model id; defaults to {@code name}
 * @param contextWindow tokens of context, when known
 * @param embeddings    true for an embeddings model (served on {@code /v1/embeddings} only)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProviderModel(
        @NotBlank(message = "must name the model") String name,
        String id,
        @Positive(message = "must be at least 1") Integer contextWindow,
        boolean embeddings) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public ProviderModel {
        name = Defaults.orElse(Defaults.blankToNull(name), Defaults.blankToNull(id));
        id = Defaults.orElse(Defaults.blankToNull(id), name);
    }

    /** The short form: served under the same id as clients ask for. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ProviderModel named(String name) {
        return new ProviderModel(name, null, null, false);
    }
}
