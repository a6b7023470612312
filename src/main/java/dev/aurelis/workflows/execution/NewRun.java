package dev.aurelis.workflows.execution;

import dev.aurelis.workflows.definitions.RepositoryBinding;
import dev.aurelis.workflows.definitions.Trigger;
import dev.aurelis.workflows.definitions.Workflow;

/** A run to start: the workflow, the repository and the change (a pull request's head, or a diff from CI). */
public record NewRun(Workflow workflow, RepositoryBinding repository, Long pullNumber, String baseSha, String headSha,
        Trigger trigger, String author, String title, String diff) {

    /** The project the run's model calls are attributed to: the workflow's, else the repository's. */
    public String project() {
        return workflow.project() != null ? workflow.project() : repository.project();
    }
}
