package dev.aurelis.workspaces;

/** Published after a member shared a new version of a context item (its content is not part of the event); a version without content removed the item. */
public record ContextShared(String tenantId, String workspace, String item, int version, boolean removed, String actor) implements WorkspaceChanged {
}
