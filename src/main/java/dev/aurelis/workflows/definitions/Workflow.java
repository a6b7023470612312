package dev.aurelis.workflows.definitions;

import java.util.List;
import java.util.Set;

/**
 * A workflow as the configuration defines it, checked: its triggers, steps and the channels told of each run.
 *
 * @param triggers {@link Trigger#PR_CREATED} and/or {@link Trigger#COMMIT_PUSHED}
 * @param project  the project its calls are attributed to instead of the repository's, or null
 */
public record Workflow(String name, Set<Trigger> triggers, List<StepDefinition> steps, List<String> channels,
        String project, Conditions conditions) {

    public Workflow {
        triggers = Set.copyOf(triggers);
        steps = List.copyOf(steps);
        channels = List.copyOf(channels);
    }

    public boolean runsOn(Trigger trigger) {
        return trigger == Trigger.CI || triggers.contains(trigger);
    }
}
