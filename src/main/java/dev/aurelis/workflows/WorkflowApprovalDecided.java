package dev.aurelis.workflows;

import dev.aurelis.audit.AuditDraft;
import java.util.UUID;

/**
 * Someone approved or rejected the change an approval step waits for, or its time ran out ({@code approver} null).
 *
 * @param decision {@code approved} or {@code rejected} (one person's decision), or {@code expired}
 * @param settled  whether the step is now decided (enough approvals, a rejection, or the time ran out)
 */
public record WorkflowApprovalDecided(String tenantId, UUID runId, String workflow, String repository, Long pullNumber,
        String step, String approver, String decision, String comment, boolean settled) implements ChangeEvent {

    /** {@code workflow.approval_approved}, {@code workflow.approval_rejected} or {@code workflow.approval_expired}. */
    @Override
    public String auditAction() {
        return "workflow.approval_" + decision;
    }

    /** The person who decided, or null when the time ran out. */
    @Override
    public String auditActor() {
        return approver;
    }

    @Override
    public String headSha() {
        return null;
    }

    @Override
    public String auditOutcome() {
        return switch (decision) {
            case "approved" -> AuditDraft.SUCCESS;
            case "rejected" -> AuditDraft.REFUSED;
            default -> AuditDraft.FAILURE;
        };
    }
}
