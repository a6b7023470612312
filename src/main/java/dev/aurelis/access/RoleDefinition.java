package dev.aurelis.access;

import java.util.List;

/**
 * A role: its permissions as written, its scope, and where it was defined ({@code built_in},
 * {@code configuration} or {@code api}; only {@code api} roles can be changed through the API).
 */
public record RoleDefinition(String name, List<String> permissions, RoleScope scope, boolean builtIn, String source,
        String description) {

    public static final String SOURCE_BUILT_IN = "built_in";
    public static final String SOURCE_CONFIGURATION = "configuration";
    public static final String SOURCE_API = "api";

    public RoleDefinition {
        permissions = List.copyOf(permissions);
    }
}
