package dev.aurelis.workflows.execution;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Reads runs for the admin API: the latest runs, and one run with its steps' outcomes so far. */
@Component
public class RunQueries {

    private final RunStore store;
    private final WorkflowCatalog catalog;

    RunQueries(RunStore store, WorkflowCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** A run with each step's definition and outcome (null while the step is pending). */
    public record RunDetail(Run run, List<StepView> steps) {
    }

    public record StepView(String name, String action, String model, boolean blocking, String threshold,
            String status, List<Finding> findings, String summary, String error, List<String> requestIds) {
    }

    /** An approval step still waiting: who may approve, how many must, how many have, and until when. */
    public record WaitingApproval(String step, List<String> approvers, int required, int approved,
            java.time.Instant decideBy) {
    }

    /**
     * Where a review stands: the run, its result once every step has an outcome (null before), and the approvals it
     * still waits for.
     */
    public record ReviewState(Run run, RunResult result, List<WaitingApproval> waiting) {
    }

    public Optional<ReviewState> review(UUID id) {
        return TenantContext.call(catalog.tenant(), () -> store.find(id).map(run -> {
            List<StepState> steps = store.steps(id);
            List<ApprovalDecision> decisions = store.decisions(id);
            List<WaitingApproval> waiting = steps.stream().filter(StepState::awaitingPeople).map(s ->
                    new WaitingApproval(s.definition().name(), s.definition().approval().approvers(),
                            s.definition().approval().required(), (int) decisions.stream()
                                    .filter(d -> d.position() == s.position() && d.approved()).count(),
                            s.decideBy())).toList();
            RunResult result = steps.stream().allMatch(StepState::done) && !run.status().equals("cancelled")
                    ? RunResult.of(id, run.workflow(), steps) : null;
            return new ReviewState(run, result, waiting);
        }));
    }

    public List<Run> recent(String repository, int limit) {
        return TenantContext.call(catalog.tenant(), () -> store.recent(repository, limit));
    }

    public Optional<RunDetail> find(UUID id) {
        return TenantContext.call(catalog.tenant(), () -> store.find(id).map(run -> new RunDetail(run,
                store.steps(id).stream().map(RunQueries::view).toList())));
    }

    private static StepView view(StepState state) {
        StepOutcome outcome = state.outcome();
        return new StepView(state.definition().name(), state.definition().action().key(), state.definition().model(),
                state.definition().blocking(), state.definition().threshold().label(), state.status(),
                outcome == null ? List.of() : outcome.findings(), outcome == null ? null : outcome.output(),
                outcome == null ? null : outcome.error(), outcome == null ? List.of() : outcome.requestIds());
    }
}
