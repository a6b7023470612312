package dev.aurelis.workflows.execution;

import java.time.Instant;

/** One person's decision on an approval step of a run. */
public record ApprovalDecision(int position, String approver, String decision, String comment, Instant decidedAt) {

    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    public boolean approved() {
        return decision.equals(APPROVED);
    }
}
