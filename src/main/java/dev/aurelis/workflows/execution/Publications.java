package dev.aurelis.workflows.execution;

import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a code host has already shown of a run, so that publishing again after a restart updates instead of
 * repeating: the review holding the line comments, and the pull request's summary comment.
 */
@Component
public class Publications {

    private final RunStore store;
    private final WorkflowCatalog catalog;

    Publications(RunStore store, WorkflowCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    public void reviewPosted(Run run, long reviewId) {
        store.review(run.id(), reviewId);
    }

    public Optional<Long> summaryComment(Run run) {
        return store.summaryComment(run.source(), run.repository(), run.pullNumber(), run.workflow());
    }

    public void summaryComment(Run run, long commentId) {
        store.summaryComment(catalog.tenant().value(), run.source(), run.repository(), run.pullNumber(), run.workflow(),
                commentId);
    }
}
