package dev.aurelis.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roles every organisation has. The configuration file may redefine their permissions (the brief's
 * template does for five of them) and add custom roles.
 */
public final class BuiltInRoles {

    public static final String ENTERPRISE_ADMIN = "enterprise_admin";
    public static final String DEVELOPER = "developer";

    private static final Map<String, List<String>> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put(ENTERPRISE_ADMIN, List.of("admin:full", "config:write", "users:manage", "billing:manage",
                "audit:read", "security:manage"));
        ROLES.put("admin", List.of("config:write", "config:read", "users:manage", "keys:manage", "audit:read",
                "billing:read", "usage:read", "models:use", "code:all", "docs:generate"));
        ROLES.put("department_manager", List.of("team:manage", "config:read", "usage:read", "reports:generate",
                "budget:view"));
        ROLES.put("team_lead", List.of("team:view", "models:configure", "usage:view", "reports:view"));
        ROLES.put("senior_developer", List.of("models:use", "advanced:features", "code:all", "analysis:advanced",
                "docs:generate"));
        ROLES.put(DEVELOPER, List.of("models:use", "code:generate", "code:analyze", "docs:generate"));
        ROLES.put("reviewer", List.of("models:use", "code:analyze", "usage:view"));
        ROLES.put("viewer", List.of("config:read", "usage:view", "reports:view"));
        ROLES.put("auditor", List.of("audit:read", "usage:read", "config:read", "reports:view"));
    }

    private BuiltInRoles() {
    }

    public static Map<String, List<String>> all() {
        return ROLES;
    }

    public static boolean isBuiltIn(String role) {
        return ROLES.containsKey(role);
    }
}
