package dev.aurelis.workspaces;

/** Published after a workspace was archived: it keeps its history and adds nothing to requests any more. */
public record WorkspaceArchived(String tenantId, String workspace, String actor) implements WorkspaceChanged {
}
