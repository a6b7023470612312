package dev.aurelis.workspaces;

import java.time.Instant;

/**
 * One version of a shared context item. The current item of a kind (and name, for snippets) is its highest version;
 * a version without content removed the item.
 *
 * @param name    the snippet's name; empty for kinds that are one item each
 * @param content the text as shared (lists one entry a line), or null when this version removed the item
 */
public record ContextItem(ContextKind kind, String name, int version, String content, String sharedBy, Instant sharedAt) {

    public boolean removed() {
        return content == null;
    }

    /** {@code kind} or {@code kind:name}, how the answer header and the history name the item. */
    public String key() {
        return name.isEmpty() ? kind.wireName() : kind.wireName() + ":" + name;
    }
}
