package dev.aurelis.configuration;

import jakarta.validation.Valid;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.Map;
import java.util.Set;

/**
 * {@code rbac:} roles and the teams they are granted to.
 *
 * @param roles      role name to its permissions; may redefine a built-in role's permissions
 * @param userGroups team name to its roles, cost center, department, model allow-list and members
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Rbac(
        @AlwaysOn("every admin call and gateway call is checked against the caller's roles") Boolean enabled,
        Map<String, @Valid Role> roles,
        Map<String, @Valid UserGroup> userGroups) {

    /** Roles the access module knows without a declaration in {@code rbac.roles}. */
    public static final Set<String> BUILT_IN_ROLES = Set.of(
            "enterprise_admin", "admin", "department_manager", "team_lead", "senior_developer", "developer",
            "reviewer", "viewer", "auditor");

    public Rbac {
        roles = Defaults.map(roles, Role::defaults);
        userGroups = Defaults.map(userGroups, UserGroup::defaults);
    }

    public static Rbac defaults() {
        return new Rbac(null, null, null);
    }

    public boolean isKnownRole(String role) {
        return BUILT_IN_ROLES.contains(role) || roles.containsKey(role);
    }
}
