package dev.aurelis.workflows;

import dev.aurelis.audit.AuditDraft;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A workflow run ended: completed with a conclusion, or cancelled by a newer push. Alerting delivers it to the
 * channels the workflow names in {@code channels}; audit and analytics record it.
 *
 * @param source           {@code github}, {@code gitlab} or {@code ci}
 * @param pullNumber       the pull (merge) request, or null for a push to a branch or a review from CI
 * @param conclusion       {@code success}, {@code neutral}, {@code failure} or {@code cancelled}
 * @param blockingFindings findings of blocking steps at or above their threshold
 * @param findingsBySeverity every finding counted by severity ({@code critical} … {@code info}), for code quality
 * @param requestIds       the gateway exchanges the run made (their ledger records carry the same request ids)
 * @param channels         the channels the workflow asks to be told: {@code slack}, {@code email}, {@code teams}
 * @param url              where the result is shown (the pull request, or null)
 */
public record WorkflowRunFinished(String tenantId, UUID runId, String workflow, String source, String repository,
        Long pullNumber, String headSha, String trigger, String author, String team, String project,
        String conclusion, int findings, int blockingFindings, Map<String, Integer> findingsBySeverity,
        List<String> requestIds, List<String> channels, String url, Instant startedAt, Instant finishedAt)
        implements ChangeEvent {

    public WorkflowRunFinished {
        findingsBySeverity = Map.copyOf(findingsBySeverity);
        requestIds = List.copyOf(requestIds);
        channels = List.copyOf(channels);
    }

    @Override
    public String auditAction() {
        return "workflow.run_finished";
    }

    /** A blocked change is a failed review, so blocked reviews can be found by outcome. */
    @Override
    public String auditOutcome() {
        return conclusion.equals("failure") ? AuditDraft.FAILURE : AuditDraft.SUCCESS;
    }
}
