package dev.aurelis.workflows.execution;

import dev.aurelis.workflows.definitions.WorkflowCatalog;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fails the approval steps nobody decided in time, so that a run never waits for ever: a blocking approval that
 * expired fails the run (and its check), a non-blocking one leaves a note. Every replica looks; a step expires once.
 */
@Component
class ApprovalDeadlines {

    private final Approvals approvals;
    private final WorkflowCatalog catalog;

    ApprovalDeadlines(Approvals approvals, WorkflowCatalog catalog) {
        this.approvals = approvals;
        this.catalog = catalog;
    }

    @Scheduled(fixedDelayString = "${aurelis.workflows.approval-check-ms:15000}",
            initialDelayString = "${aurelis.workflows.approval-check-initial-ms:10000}")
    void expire() {
        if (catalog.enabled()) {
            approvals.expireOverdue();
        }
    }
}
