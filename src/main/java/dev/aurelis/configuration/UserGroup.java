package dev.aurelis.configuration;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * One entry of {@code rbac.user_groups:}, keyed by the team's name.
 *
 * @param roles      built-in roles ({@link Rbac#BUILT_IN_ROLES}) or roles declared under {@code rbac.roles}
 * @param costCenter where the team's spend is booked
 * @param department a department declared under {@code departments} or {@code cost_management.budgets.departments}
 * @param models     model allow-list; empty allows every model
 * @param members    e-mail addresses of the team's members
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserGroup(
        List<@NotBlank(message = "must name a role") String> roles,
        String costCenter,
        String department,
        List<@NotBlank(message = "must name a model") String> models,
        List<@NotBlank(message = "must not be empty") @Email(message = "is not an e-mail address") String> members) {

    public UserGroup {
        roles = Defaults.list(roles);
        models = Defaults.list(models);
        members = Defaults.list(members);
    }

    public static UserGroup defaults() {
        return new UserGroup(null, null, null, null, null);
    }

    public boolean allowsModel(String model) {
        return models.isEmpty() || models.contains(model);
    }
}
