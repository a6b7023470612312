package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** One entry of {@code rbac.roles:}, keyed by the role's name; permissions read {@code resource:action}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Role(List<@NotBlank(message = "must not be empty") String> permissions) {

    public Role {
        permissions = Defaults.list(permissions);
    }

    public static Role defaults() {
        return new Role(null);
    }
}
