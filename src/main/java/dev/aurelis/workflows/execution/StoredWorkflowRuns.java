package dev.aurelis.workflows.execution;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.workflows.WorkflowRuns;
import dev.aurelis.workflows.definitions.Approval;
import dev.aurelis.workflows.definitions.Workflow;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The runs as the workflows' tables hold them; decisions go through {@link Approvals}, as the API's do. */
@Component
class StoredWorkflowRuns implements WorkflowRuns {

    private final RunStore store;
    private final WorkflowCatalog catalog;
    private final Approvals approvals;

    StoredWorkflowRuns(RunStore store, WorkflowCatalog catalog, Approvals approvals) {
        this.store = store;
        this.catalog = catalog;
        this.approvals = approvals;
    }

    @Override
    public List<RunSummary> recent(String status, String workflow, int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("'status' must be one of " + String.join(", ", STATUSES) + ".");
        }
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("'limit' must be between 1 and 500.");
        }
        return TenantContext.call(catalog.tenant(), () -> store.listed(status, workflow, limit)).stream()
                .map(l -> summary(l.run(), l.findings(), l.requestIds())).toList();
    }

    @Override
    public Optional<RunDetail> find(UUID id) {
        return TenantContext.call(catalog.tenant(), () -> store.find(id).map(run -> {
            List<StepState> steps = store.steps(id);
            List<ApprovalDecision> decisions = store.decisions(id);
            List<StepDetail> details = steps.stream().map(s -> step(s, decisions)).toList();
            int findings = details.stream().mapToInt(s -> s.findings().size()).sum();
            List<String> requestIds = details.stream().flatMap(s -> s.requestIds().stream()).toList();
            return new RunDetail(summary(run, findings, requestIds), details);
        }));
    }

    @Override
    public List<String> workflowNames() {
        Set<String> names = new TreeSet<>(catalog.workflows().stream().map(Workflow::name).toList());
        names.addAll(TenantContext.call(catalog.tenant(), store::workflowsRun));
        return List.copyOf(names);
    }

    @Override
    public boolean mayDecide(RunDetail run, StepDetail step, String email, Set<String> roles) {
        ApprovalState state = step.approval();
        if (email == null || email.isBlank() || state == null || !state.waiting()
                || !run.run().status().equals("awaiting_approval")) {
            return false;
        }
        String person = email.strip();
        boolean named = new Approval(state.approvers(), state.required(), Approval.DEFAULT_TIMEOUT).names(person, roles);
        boolean author = run.run().author() != null && run.run().author().equalsIgnoreCase(person);
        boolean decided = state.decisions().stream().anyMatch(d -> d.approver().equalsIgnoreCase(person));
        return named && !author && !decided;
    }

    @Override
    public List<RunDetail> waitingFor(String email, Set<String> roles, int limit) {
        if (email == null || email.isBlank()) {
            return List.of();
        }
        return recent("awaiting_approval", null, 500).stream()
                .map(r -> find(r.id()).orElse(null))
                .filter(run -> run != null && run.steps().stream().anyMatch(s -> mayDecide(run, s, email, roles)))
                .limit(limit)
                .toList();
    }

    @Override
    public boolean namesApprover(RunDetail run, String email, Set<String> roles) {
        return email != null && !email.isBlank() && run.steps().stream().map(StepDetail::approval)
                .filter(a -> a != null)
                .anyMatch(a -> new Approval(a.approvers(), a.required(), Approval.DEFAULT_TIMEOUT).names(email.strip(), roles));
    }

    @Override
    public Decided decide(UUID runId, String step, String email, Set<String> roles, boolean approve, String comment) {
        try {
            Approvals.Outcome outcome = approvals.decide(runId, step, email, roles, approve, comment);
            return new Decided(outcome.step(), outcome.decision(), outcome.settled(), outcome.runStatus());
        } catch (Approvals.Refused refused) {
            throw new DecisionRefused(refused.status(), refused.getMessage());
        }
    }

    private static RunSummary summary(Run r, int findings, List<String> requestIds) {
        return new RunSummary(r.id(), r.workflow(), r.source(), r.repository(), r.pullNumber(), r.headSha(), r.title(),
                r.trigger(), r.author(), r.team(), r.status(), r.conclusion(), r.createdAt(), r.startedAt(),
                r.finishedAt(), findings, requestIds);
    }

    private static StepDetail step(StepState s, List<ApprovalDecision> decisions) {
        StepOutcome outcome = s.outcome();
        Approval approval = s.definition().approval();
        ApprovalState state = approval == null ? null : new ApprovalState(approval.approvers(), approval.required(),
                s.decideBy(), s.awaitingPeople(), decisions.stream().filter(d -> d.position() == s.position())
                        .map(d -> new Decision(d.approver(), d.decision(), d.comment(), d.decidedAt())).toList());
        List<FindingLine> findings = outcome == null ? List.of() : outcome.findings().stream()
                .map(f -> new FindingLine(f.file(), f.line(), f.severity().label(), f.title(), f.message())).toList();
        return new StepDetail(s.definition().name(), s.definition().action().key(), s.definition().model(),
                s.definition().blocking(), s.definition().threshold().label(), s.status(), findings,
                outcome == null ? null : outcome.output(), outcome == null ? null : outcome.error(),
                outcome == null ? List.of() : outcome.requestIds(), state);
    }
}
