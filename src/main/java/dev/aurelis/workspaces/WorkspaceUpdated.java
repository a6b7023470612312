package dev.aurelis.workspaces;

/** Published after a workspace's description, permissions or settings changed; {@code changed} names the fields. */
public record WorkspaceUpdated(String tenantId, String workspace, java.util.List<String> changed, String actor) implements WorkspaceChanged {
}
