package dev.aurelis.access;

import dev.aurelis.tenancy.TenantId;
import java.util.List;
import java.util.Map;

/**
 * What a configuration file declares about access: roles (name to permissions) and the scope of custom roles,
 * each team's roles and each team's model allow-list (an empty list allows every model), and whether
 * departments are isolated from each other ({@code enterprise.department_isolation}).
 */
public record AccessDeclaration(TenantId tenantId, Map<String, List<String>> roles, Map<String, RoleScope> roleScopes,
        Map<String, List<String>> teamRoles, Map<String, List<String>> teamModels, boolean departmentIsolation) {

    public AccessDeclaration {
        roleScopes = roleScopes == null ? Map.of() : Map.copyOf(roleScopes);
    }

    public AccessDeclaration(TenantId tenantId, Map<String, List<String>> roles, Map<String, List<String>> teamRoles,
            Map<String, List<String>> teamModels) {
        this(tenantId, roles, Map.of(), teamRoles, teamModels, false);
    }
}
