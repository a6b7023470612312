package dev.aurelis.workspaces;

/** A workspace's past-tense events: each names the tenant and the workspace that changed. */
public interface WorkspaceChanged {

    String tenantId();

    String workspace();
}
