package dev.aurelis.workspaces;

import java.util.Locale;

/**
 * A member's role in one workspace. An {@code owner} reads and writes every area (whatever the workspace's
 * permissions) and alone sets the workspace instructions; a {@code member} has the workspace's permissions; a
 * {@code viewer} has them capped at read.
 */
public enum WorkspaceRole {
    OWNER, MEMBER, VIEWER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What this role gives in an area whose workspace permission is {@code granted}. */
    public Access in(Access granted) {
        return switch (this) {
            case OWNER -> Access.READ_WRITE;
            case MEMBER -> granted;
            case VIEWER -> granted.atMost(Access.READ);
        };
    }

    /** @throws IllegalArgumentException naming the roles there are */
    public static WorkspaceRole of(String value) {
        for (WorkspaceRole role : values()) {
            if (role.wireName().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a workspace role; the roles are owner, member and viewer.");
    }
}
