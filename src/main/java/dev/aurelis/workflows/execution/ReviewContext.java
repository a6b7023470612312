package dev.aurelis.workflows.execution;

import java.util.List;
import java.util.UUID;

/** What a step reviews and on whose account: the run, the repository's attribution and the change itself. */
record ReviewContext(UUID runId, String workflow, String repository, String team, String project, String title,
        String author, List<ChangedFile> files) {
}
