package dev.aurelis.workflows.execution;

import java.util.List;

/**
 * What a step came to: its findings (or a summary's text), the gateway exchanges it made, or why it failed.
 *
 * @param error null when the step completed
 */
record StepOutcome(List<Finding> findings, String output, List<String> requestIds, String error) {

    StepOutcome {
        findings = List.copyOf(findings);
        requestIds = List.copyOf(requestIds);
    }

    boolean failed() {
        return error != null;
    }
}
