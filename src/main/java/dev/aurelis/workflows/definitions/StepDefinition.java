package dev.aurelis.workflows.definitions;

/**
 * A step of a workflow, resolved from the configuration.
 *
 * @param model    the model of a model step; null for an approval
 * @param prompt   the instructions: the action's own, or a custom step's; null for an approval
 * @param approval who must approve and how long they have; null for a model step
 */
public record StepDefinition(String name, Action action, String model, boolean blocking, Severity threshold,
        String prompt, Approval approval) {

    public StepDefinition {
        if (action.asksPeople() != (approval != null)) {
            throw new IllegalArgumentException("an approval step, and only one, carries its approvers");
        }
    }
}
