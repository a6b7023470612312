package dev.aurelis.workflows;

import java.util.UUID;

/**
 * Someone approved or rejected the change an approval step waits for, or its time ran out ({@code approver} null).
 *
 * @param decision {@code approved} or {@code rejected} (one person's decision), or {@code expired}
 * @param settled  whether the step is now decided (enough approvals, a rejection, or the time ran out)
 */
public record WorkflowApprovalDecided(String tenantId, UUID runId, String workflow, String repository, Long pullNumber,
        String step, String approver, String decision, String comment, boolean settled) {
}
