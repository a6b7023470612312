package dev.aurelis.access;

import dev.aurelis.tenancy.TenantId;
import java.util.List;
import java.util.Map;

/**
 * What a configuration file declares about access: roles (name to permissions), each team's roles and each
 * team's model allow-list (an empty list allows every model).
 */
public record AccessDeclaration(TenantId tenantId, Map<String, List<String>> roles, Map<String, List<String>> teamRoles,
        Map<String, List<String>> teamModels) {
}
