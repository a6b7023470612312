package dev.aurelis.workflows.execution;

import dev.aurelis.workflows.definitions.StepDefinition;
import java.time.Instant;

/**
 * A step of a stored run: its definition as it was when the run started, and its outcome once it has one.
 *
 * @param status   {@code pending}, {@code completed} or {@code failed}
 * @param decideBy for an approval step whose run waits for it, when it must be decided by; null otherwise
 */
record StepState(int position, StepDefinition definition, String status, StepOutcome outcome, Instant decideBy) {

    boolean done() {
        return !status.equals("pending");
    }

    /** Whether this is an approval still waiting for its decision. */
    boolean awaitingPeople() {
        return !done() && definition.action().asksPeople();
    }
}
