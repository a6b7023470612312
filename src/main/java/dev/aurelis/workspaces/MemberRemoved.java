package dev.aurelis.workspaces;

/** Published after a member left a workspace. */
public record MemberRemoved(String tenantId, String workspace, String member, String actor) implements WorkspaceChanged {
}
