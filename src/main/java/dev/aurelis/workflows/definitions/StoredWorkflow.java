package dev.aurelis.workflows.definitions;

import java.time.Instant;

/**
 * A workflow defined through the admin API, checked like the configuration file's, with its version (it grows with
 * every change; a change must name the version it was made from) and who made and last changed it.
 */
public record StoredWorkflow(Workflow workflow, long version, String createdBy, Instant createdAt, String updatedBy,
        Instant updatedAt) {
}
