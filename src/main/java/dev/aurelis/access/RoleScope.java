package dev.aurelis.access;

import java.util.Locale;

/**
 * How far a role's permissions reach: the whole organisation, the departments or teams the role is bound to,
 * or only the holder's own records.
 */
public enum RoleScope {
    ORGANIZATION, DEPARTMENT, TEAM, OWN;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code organization}, {@code department}, {@code team} or {@code own}. */
    public static RoleScope of(String name) {
        for (RoleScope scope : values()) {
            if (scope.configName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return scope;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a role scope; use organization, department, team or own.");
    }
}
