package dev.aurelis.workflows.execution;

import dev.aurelis.workflows.definitions.StepDefinition;

/**
 * A step of a stored run: its definition as it was when the run started, and its outcome once it has one.
 *
 * @param status {@code pending}, {@code completed} or {@code failed}
 */
record StepState(int position, StepDefinition definition, String status, StepOutcome outcome) {

    boolean done() {
        return !status.equals("pending");
    }
}
