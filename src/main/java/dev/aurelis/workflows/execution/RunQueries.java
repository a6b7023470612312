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
