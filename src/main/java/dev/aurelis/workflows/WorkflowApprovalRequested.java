package dev.aurelis.workflows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run's model steps are done and it now waits for people to approve the change: one event per approval step.
 *
 * @param approvers e-mail addresses and {@code role:NAME} entries, as the step names them
 * @param required  how many of them must approve
 * @param decideBy  when the step fails if it is not decided
 * @param channels  the channels the workflow notifies
 * @param url       the change on its code host, or null for a review from CI
 */
public record WorkflowApprovalRequested(String tenantId, UUID runId, String workflow, String source, String repository,
        Long pullNumber, String headSha, String author, String team, String step, List<String> approvers, int required,
        Instant decideBy, List<String> channels, String url) implements ChangeEvent {

    public WorkflowApprovalRequested {
        approvers = List.copyOf(approvers);
        channels = List.copyOf(channels);
    }

    @Override
    public String auditAction() {
        return "workflow.approval_requested";
    }
}
