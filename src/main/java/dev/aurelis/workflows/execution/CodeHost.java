package dev.aurelis.workflows.execution;

import java.util.List;

/**
 * Where a change lives and where its results go (GitHub, GitLab). A run from CI has no host: its diff came with it
 * and its result goes back in the answer.
 */
public interface CodeHost {

    /** {@code github} or {@code gitlab}. */
    String source();

    /** The files of the run's change with their patches. */
    List<ChangedFile> files(Run run);

    /** Shows that the run has started (a check run in progress, a pending commit status); the check's id or null. */
    Long started(Run run);

    /**
     * Shows the result: the check's conclusion, comments on the changed lines, the summary comment. May be called
     * again for the same run after a restart; what {@link Publications} says was shown is updated, not repeated.
     */
    void publish(Run run, RunResult result, List<ChangedFile> files);

    /** Shows that the workflow does not review this change (its conditions say so), and why. */
    void skipped(Run run, String reason);

    /** Where people see the run's change: the pull (merge) request, or the commit of a push. */
    String link(Run run);

    /** Shows that a newer push cancelled the run. */
    void cancelled(Run run);
}
