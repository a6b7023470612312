package dev.aurelis.access;

import java.util.List;

/** Published after a role was created or its permissions or scope changed; {@code actor} says who did it. */
public record RoleDefined(String tenantId, String role, List<String> permissions, String scope, String source,
        String actor) implements AccessChanged {
}
