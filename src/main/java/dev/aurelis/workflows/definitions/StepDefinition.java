package dev.aurelis.workflows.definitions;

/**
 * A step of a workflow, resolved from the configuration.
 *
 * @param prompt the instructions: the action's own, or a custom step's
 */
public record StepDefinition(String name, Action action, String model, boolean blocking, Severity threshold,
        String prompt) {
}
