package dev.aurelis.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roles every organisation has, with their permissions and scope. The configuration file may redefine
 * their permissions (the brief's template does for five of them) and add custom roles; the scope of a
 * built-in role stays what it is here. {@code admin} holds every permission of the roles below it so that it
 * can grant them (nobody grants what they do not hold); only {@code enterprise_admin} holds {@code admin:full}.
 */
public final class BuiltInRoles {

    public static final String ENTERPRISE_ADMIN = "enterprise_admin";
    public static final String ADMIN = "admin";
    public static final String DEPARTMENT_MANAGER = "department_manager";
    public static final String TEAM_LEAD = "team_lead";
    public static final String SENIOR_DEVELOPER = "senior_developer";
    public static final String DEVELOPER = "developer";
    public static final String REVIEWER = "reviewer";
    public static final String VIEWER = "viewer";
    public static final String AUDITOR = "auditor";

    private record BuiltIn(List<String> permissions, RoleScope scope) {
    }

    private static final Map<String, BuiltIn> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put(ENTERPRISE_ADMIN, new BuiltIn(List.of("admin:full", "config:write", "users:manage", "billing:manage",
                "audit:read", "security:manage"), RoleScope.ORGANIZATION));
        ROLES.put(ADMIN, new BuiltIn(List.of("config:write", "users:manage", "keys:manage", "roles:manage", "audit:read",
                "billing:read", "usage:read", "reports:generate", "reports:view", "budget:view", "team:manage",
                "models:configure", "models:use", "code:all", "docs:generate", "advanced:features",
                "analysis:advanced"), RoleScope.ORGANIZATION));
        ROLES.put(DEPARTMENT_MANAGER, new BuiltIn(List.of("team:manage", "config:read", "usage:read", "reports:generate",
                "budget:view"), RoleScope.DEPARTMENT));
        ROLES.put(TEAM_LEAD, new BuiltIn(List.of("team:view", "models:configure", "usage:view", "reports:view"),
                RoleScope.TEAM));
        ROLES.put(SENIOR_DEVELOPER, new BuiltIn(List.of("models:use", "advanced:features", "code:all",
                "analysis:advanced", "docs:generate"), RoleScope.OWN));
        ROLES.put(DEVELOPER, new BuiltIn(List.of("models:use", "code:generate", "code:analyze", "docs:generate"),
                RoleScope.OWN));
        ROLES.put(REVIEWER, new BuiltIn(List.of("models:use", "code:analyze", "usage:view"), RoleScope.OWN));
        ROLES.put(VIEWER, new BuiltIn(List.of("config:read", "usage:view", "reports:view"), RoleScope.ORGANIZATION));
        ROLES.put(AUDITOR, new BuiltIn(List.of("audit:read", "usage:read", "config:read", "reports:view"),
                RoleScope.ORGANIZATION));
    }

    private BuiltInRoles() {
    }

    /** Role name to its permissions, in the order above. */
    public static Map<String, List<String>> all() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        ROLES.forEach((name, role) -> all.put(name, role.permissions()));
        return java.util.Collections.unmodifiableMap(all);
    }

    public static boolean isBuiltIn(String role) {
        return ROLES.containsKey(role);
    }

    /** The scope of a built-in role; custom roles choose theirs. */
    public static RoleScope scopeOf(String role) {
        BuiltIn builtIn = ROLES.get(role);
        if (builtIn == null) {
            throw new IllegalArgumentException("'" + role + "' is not a built-in role.");
        }
        return builtIn.scope();
    }
}
