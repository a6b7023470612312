package dev.aurelis.workflows.execution;

import dev.aurelis.analytics.CodeQuality;
import dev.aurelis.analytics.CustomMetrics;
import dev.aurelis.workflows.WorkflowRunFinished;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells analytics of every finished run once it is committed: its findings per severity for code quality
 * ({@code analytics.code_quality_metrics}) and the run as an {@code a2_events} event for custom metrics. Analytics
 * cannot hear the event itself: the configuration module, which this one depends on, depends on analytics.
 */
@Component
class RunAnalytics {

    private final CodeQuality codeQuality;
    private final CustomMetrics customMetrics;

    RunAnalytics(CodeQuality codeQuality, CustomMetrics customMetrics) {
        this.codeQuality = codeQuality;
        this.customMetrics = customMetrics;
    }

    /** On a thread of its own once the run is committed: the run's transaction no longer holds a connection here. */
    @Async
    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkflowRunFinished e) {
        codeQuality.reviewFinished(e.tenantId(), e.runId(), e.repository(), e.team(), e.workflow(), e.conclusion(),
                e.finishedAt(), e.findingsBySeverity());
        customMetrics.workflowRunFinished(e.tenantId(), e.workflow(), e.source(), e.repository(), e.author(), e.team(),
                e.project(), e.conclusion(), e.findings(), e.blockingFindings(), e.startedAt(), e.finishedAt());
    }
}
