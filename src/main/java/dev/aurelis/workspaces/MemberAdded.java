package dev.aurelis.workspaces;

/** Published after someone became a member of a workspace, or a member's role changed. */
public record MemberAdded(String tenantId, String workspace, String member, String role, String actor) implements WorkspaceChanged {
}
