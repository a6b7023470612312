package dev.aurelis.workspaces;

/** Published after a workspace was made (through the admin API or the configuration file). */
public record WorkspaceCreated(String tenantId, String workspace, String via, String actor) implements WorkspaceChanged {
}
