package dev.aurelis.workspaces;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The brief's permission areas of a workspace. {@code chat} covers the conversation context (instructions, notes,
 * snippets) and whether a member's gateway requests may name the workspace; {@code github} covers the repository
 * context (repository, branch, commits, pull requests); {@code a2a} (agent to agent) is stored and shown, and
 * nothing in Aurelis acts on it yet: there is no agent-to-agent capability (docs/workspaces.md).
 */
public enum Area {
    CHAT, GITHUB, A2A;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the areas there are */
    public static Area of(String value) {
        for (Area area : values()) {
            if (area.wireName().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return area;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a permission area; the areas are "
                + Arrays.stream(values()).map(Area::wireName).collect(Collectors.joining(", ")) + ".");
    }
}
