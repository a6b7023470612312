package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * One entry of {@code rbac.roles:}, keyed by the role's name; permissions read {@code resource:action}.
 *
 * @param scope how far a custom role reaches: {@code organization} (default), {@code department}, {@code team}
 *              or {@code own}; built-in roles keep their own scope
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Role(List<@NotBlank(message = "must not be empty") String> permissions,
        @Pattern(regexp = "organization|department|team|own", message = "must be organization, department, team or own")
        String scope) {

    public Role {
        permissions = Defaults.list(permissions);
    }

    public static Role defaults() {
        return new Role(null, null);
    }
}
