package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** {@code privacy:} where prompts may be processed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Privacy(@NotYetEnforced("privacy") LocalProcessing localProcessing) {

    public static Privacy defaults() {
        return new Privacy(null);
    }

    /**
     * Keep prompts on the organisation's own models.
     *
     * @param models        the models that process locally
     * @param dataResidency e.g. {@code on_premise}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LocalProcessing(boolean enabled, List<@NotBlank(message = "must name a model") String> models,
            String dataResidency) {

        public LocalProcessing {
            models = Defaults.list(models);
        }
    }
}
