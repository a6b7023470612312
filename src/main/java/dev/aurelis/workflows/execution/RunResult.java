package dev.aurelis.workflows.execution;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's outcome: every step's outcome and the conclusion they lead to. {@code failure} when a blocking step found a
 * problem at or above its threshold or could not complete (a gate that cannot look does not pass); {@code neutral}
 * when there are other findings or a non-blocking step failed; {@code success} otherwise.
 */
public record RunResult(java.util.UUID runId, String workflow, List<StepResult> steps, String conclusion) {

    /** A step with its outcome. */
    public record StepResult(String name, String action, String model, boolean blocking, String threshold,
            List<Finding> findings, List<Finding> blockingFindings, String summary, String error,
            List<String> requestIds) {

        /** Whether people decided this step (its summary says who approved, its error why it did not pass). */
        public boolean approval() {
            return action.equals(dev.aurelis.workflows.definitions.Action.APPROVAL.key());
        }
    }

    static RunResult of(java.util.UUID runId, String workflow, List<StepState> states) {
        List<StepResult> steps = new ArrayList<>();
        boolean blocked = false;
        boolean noted = false;
        for (StepState state : states) {
            StepOutcome outcome = state.outcome();
            List<Finding> blocking = state.definition().blocking()
                    ? outcome.findings().stream().filter(f -> f.severity().atLeast(state.definition().threshold())).toList()
                    : List.of();
            blocked |= !blocking.isEmpty() || (state.definition().blocking() && outcome.failed());
            noted |= !outcome.findings().isEmpty() || outcome.failed();
            steps.add(new StepResult(state.definition().name(), state.definition().action().key(),
                    state.definition().model(), state.definition().blocking(), state.definition().threshold().label(),
                    outcome.findings(), blocking, outcome.output(), outcome.error(), outcome.requestIds()));
        }
        return new RunResult(runId, workflow, steps, blocked ? "failure" : noted ? "neutral" : "success");
    }

    /** A run whose workflow's conditions exclude the change: no step ran. */
    static RunResult skipped(java.util.UUID runId, String workflow) {
        return new RunResult(runId, workflow, List.of(), "skipped");
    }

    public List<Finding> findings() {
        return steps.stream().flatMap(s -> s.findings().stream()).toList();
    }

    public List<Finding> blockingFindings() {
        return steps.stream().flatMap(s -> s.blockingFindings().stream()).toList();
    }

    public List<String> requestIds() {
        return steps.stream().flatMap(s -> s.requestIds().stream()).toList();
    }

    /** The summary steps' text, or null. */
    public String summary() {
        List<String> summaries = steps.stream().filter(s -> !s.approval()).map(StepResult::summary)
                .filter(s -> s != null).toList();
        return summaries.isEmpty() ? null : String.join("\n\n", summaries);
    }

    public boolean blocked() {
        return conclusion.equals("failure");
    }
}
