/**
 * Real-time collaborative sessions in a workspace: participants who are the workspace's members, presence, changes
 * pushed to files with optimistic concurrency per file, one ordered and persisted event log per session that every
 * connected participant receives live over WebSocket (and catches up from after a reconnect), and assistant turns
 * through the gateway shared with everyone. The root holds the API ({@link dev.aurelis.collaboration.Sessions}), the
 * admin endpoints and the past-tense events; the store and the live delivery are internal. A module of its own,
 * rather than part of {@code workspaces}, because the gateway depends on workspaces and sessions call the gateway
 * (ADR 0057).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Collaboration",
        allowedDependencies = {"tenancy", "storage", "identity", "access", "workspaces", "audit", "gateway", "privacy"})
package dev.aurelis.collaboration;
