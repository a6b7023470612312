/**
 * Team workspaces: a tenant's shared spaces with members in workspace roles, the brief's permission areas and
 * settings, and the context members share (repository, branch, commits, pull requests, notes, snippets, workspace
 * instructions) with its version history, which the gateway adds to a member's requests that name the workspace.
 * The root holds the API ({@link dev.aurelis.workspaces.Workspaces}, the hot path's
 * {@link dev.aurelis.workspaces.WorkspaceContexts}), the admin endpoints and the past-tense events; the store and the
 * in-memory directory are internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Workspaces",
        allowedDependencies = {"tenancy", "storage", "identity", "access", "providers", "privacy"})
package dev.aurelis.workspaces;
