package dev.aurelis.workspaces;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of context a workspace shares, named as the brief's {@code share_context} writes them, in the order
 * the gateway adds them to a request (instructions first: they matter most when the token budget runs out).
 * Each belongs to the permission area that governs reading and sharing it.
 *
 * @param named    items of this kind carry a name (several snippets), the others are one item each
 * @param ownersOnly only the workspace's owners set it
 */
public enum ContextKind {
    INSTRUCTIONS(Area.CHAT, "Workspace instructions", false, true),
    REPOSITORY(Area.GITHUB, "Repository", false, false),
    BRANCH(Area.GITHUB, "Branch", false, false),
    OPEN_PRS(Area.GITHUB, "Open pull requests", false, false),
    RECENT_COMMITS(Area.GITHUB, "Recent commits", false, false),
    NOTES(Area.CHAT, "Notes", false, false),
    SNIPPETS(Area.CHAT, "Snippet", true, false);

    private final Area area;
    private final String title;
    private final boolean named;
    private final boolean ownersOnly;

    ContextKind(Area area, String title, boolean named, boolean ownersOnly) {
        this.area = area;
        this.title = title;
        this.named = named;
        this.ownersOnly = ownersOnly;
    }

    public Area area() {
        return area;
    }

    /** The heading of items of this kind in the prompt addition. */
    public String title() {
        return title;
    }

    public boolean named() {
        return named;
    }

    public boolean ownersOnly() {
        return ownersOnly;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the kinds there are */
    public static ContextKind of(String value) {
        for (ContextKind kind : values()) {
            if (kind.wireName().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a kind of context; the kinds are "
                + Arrays.stream(values()).map(ContextKind::wireName).collect(Collectors.joining(", ")) + ".");
    }
}
