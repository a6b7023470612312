package dev.aurelis.workflows.execution;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workflows.WorkflowApprovalDecided;
import dev.aurelis.workflows.definitions.Approval;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides approval steps. A named approver approves or rejects; the step is settled once it has its approvals, at
 * the first rejection, or when its time runs out. Decisions are counted with the step's row locked, so two people
 * approving at once settle it once. When a run has no undecided approval left it is taken up again and finishes:
 * its result and check run are published as for any run.
 */
@Component
public class Approvals {

    private final RunStore store;
    private final RunExecutor executor;
    private final WorkflowCatalog catalog;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    Approvals(RunStore store, RunExecutor executor, WorkflowCatalog catalog, TransactionTemplate transaction,
            ApplicationEventPublisher events) {
        this.store = store;
        this.executor = executor;
        this.catalog = catalog;
        this.transaction = transaction;
        this.events = events;
    }

    /** Why a decision was not taken: {@code status} 403 (not an approver) or 409 (nothing to decide). */
    public static final class Refused extends RuntimeException {

        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** What a decision came to: the step, whether it is now settled, and the run's status afterwards. */
    public record Outcome(UUID runId, String step, String decision, boolean settled, String runStatus) {
    }

    /**
     * Records the decision of the person with {@code email} and {@code roles} on the run's waiting approval step
     * ({@code step} names it when the run waits on several).
     */
    public Outcome decide(UUID runId, String step, String email, Set<String> roles, boolean approve, String comment) {
        TenantId tenant = catalog.tenant();
        String approver = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (comment != null && comment.length() > 2_000) {
            throw new IllegalArgumentException("'comment' is longer than 2,000 characters.");
        }
        Outcome outcome = TenantContext.call(tenant, () -> transaction.execute(status -> {
            Run run = store.find(runId).orElseThrow(() -> new NoSuchElementException("No workflow run has the id " + runId + "."));
            if (!run.status().equals("awaiting_approval")) {
                throw new Refused(409, "The run is not waiting for an approval (it is " + run.status() + ").");
            }
            StepState waiting = waitingStep(runId, step);
            StepState locked = store.lockStep(runId, waiting.position()).orElseThrow();
            if (!locked.awaitingPeople()) {
                throw new Refused(409, "The step '" + locked.definition().name() + "' is already decided.");
            }
            Approval approval = locked.definition().approval();
            if (!approval.names(approver, roles)) {
                throw new Refused(403, "You are not among the approvers of '" + locked.definition().name() + "' ("
                        + String.join(", ", approval.approvers()) + ").");
            }
            if (run.author() != null && run.author().equalsIgnoreCase(approver)) {
                throw new Refused(403, "Nobody approves their own change; another approver must decide.");
            }
            String decision = approve ? ApprovalDecision.APPROVED : ApprovalDecision.REJECTED;
            if (!store.decide(tenant.value(), runId, locked.position(), approver, decision, comment)) {
                throw new Refused(409, "You have already decided on '" + locked.definition().name() + "'.");
            }
            List<ApprovalDecision> decisions = store.decisions(runId).stream()
                    .filter(d -> d.position() == locked.position()).toList();
            StepOutcome settled = settle(approval, decisions);
            boolean done = settled != null && store.completeStep(runId, locked.position(), settled);
            events.publishEvent(new WorkflowApprovalDecided(tenant.value(), runId, run.workflow(), run.repository(),
                    run.pullNumber(), locked.definition().name(), approver, decision, comment, done));
            return new Outcome(runId, locked.definition().name(), decision, done, run.status());
        }));
        return resumeIfDecided(tenant, outcome);
    }

    /** Fails every approval step whose time ran out, and takes their runs up again; how many steps expired. */
    public int expireOverdue() {
        TenantId tenant = catalog.tenant();
        return TenantContext.call(tenant, () -> {
            int expired = 0;
            for (var overdue : store.overdueApprovals()) {
                UUID runId = overdue.getKey();
                Outcome outcome = transaction.execute(status -> expire(tenant, runId, overdue.getValue()));
                if (outcome != null) {
                    expired++;
                    resumeIfDecided(tenant, outcome);
                }
            }
            return expired;
        });
    }

    private Outcome expire(TenantId tenant, UUID runId, int position) {
        StepState step = store.lockStep(runId, position).orElse(null);
        Run run = store.find(runId).orElse(null);
        if (step == null || run == null || !step.awaitingPeople()) {
            return null;
        }
        Approval approval = step.definition().approval();
        long approved = store.decisions(runId).stream().filter(d -> d.position() == position && d.approved()).count();
        String error = "no decision within " + approval.describeTimeout() + " ("
                + approved + " of " + approval.required() + " approvals from " + String.join(", ", approval.approvers()) + ")";
        if (!store.completeStep(runId, position, new StepOutcome(List.of(), null, List.of(), error))) {
            return null;
        }
        events.publishEvent(new WorkflowApprovalDecided(tenant.value(), runId, run.workflow(), run.repository(),
                run.pullNumber(), step.definition().name(), null, "expired", error, true));
        return new Outcome(runId, step.definition().name(), "expired", true, run.status());
    }

    /** Enough approvals complete the step, a rejection fails it; otherwise it still waits (null). */
    private static StepOutcome settle(Approval approval, List<ApprovalDecision> decisions) {
        for (ApprovalDecision d : decisions) {
            if (!d.approved()) {
                return new StepOutcome(List.of(), null, List.of(), "rejected by " + d.approver()
                        + (d.comment() == null || d.comment().isBlank() ? "" : ": " + d.comment()));
            }
        }
        if (decisions.size() < approval.required()) {
            return null;
        }
        return new StepOutcome(List.of(), "Approved by " + String.join(", ",
                decisions.stream().map(ApprovalDecision::approver).toList()) + ".", List.of(), null);
    }

    private StepState waitingStep(UUID runId, String name) {
        List<StepState> waiting = store.steps(runId).stream().filter(StepState::awaitingPeople).toList();
        if (waiting.isEmpty()) {
            throw new Refused(409, "The run has no approval left to decide.");
        }
        if (name == null || name.isBlank()) {
            if (waiting.size() > 1) {
                throw new IllegalArgumentException("The run waits on several approvals ("
                        + String.join(", ", waiting.stream().map(s -> s.definition().name()).toList())
                        + "); name one in 'step'.");
            }
            return waiting.getFirst();
        }
        return waiting.stream().filter(s -> s.definition().name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("The run has no undecided approval step named '" + name + "'."));
    }

    /** Once the run has no undecided approval left, it finishes (on a thread of its own). */
    private Outcome resumeIfDecided(TenantId tenant, Outcome outcome) {
        if (!outcome.settled()) {
            return outcome;
        }
        boolean resumed = TenantContext.call(tenant, () -> store.steps(outcome.runId()).stream()
                .noneMatch(StepState::awaitingPeople) && store.resumeAfterApproval(outcome.runId()));
        if (resumed) {
            executor.submit(outcome.runId());
            return new Outcome(outcome.runId(), outcome.step(), outcome.decision(), true, "running");
        }
        return outcome;
    }
}
