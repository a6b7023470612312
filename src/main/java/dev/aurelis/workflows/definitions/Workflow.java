package dev.aurelis.workflows.definitions;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * A workflow as a definition describes it, checked: its triggers, steps and the channels told of each run.
 *
 * @param triggers     {@link Trigger#PR_CREATED} and/or {@link Trigger#COMMIT_PUSHED}
 * @param project      the project its calls are attributed to instead of the repository's, or null
 * @param budget       what its model calls may cost per calendar month, or null for no limit of its own
 * @param source       {@link #FROM_CONFIGURATION} or {@link #FROM_API}
 * @param repositories the configured repositories a definition from the API names (empty: every repository that
 *                     takes every workflow); always empty for one from the configuration file
 */
public record Workflow(String name, Set<Trigger> triggers, List<StepDefinition> steps, List<String> channels,
        String project, Conditions conditions, BigDecimal budget, String source, List<String> repositories) {

    public static final String FROM_CONFIGURATION = "configuration";
    public static final String FROM_API = "api";

    public Workflow {
        triggers = Set.copyOf(triggers);
        steps = List.copyOf(steps);
        channels = List.copyOf(channels);
        repositories = List.copyOf(repositories);
    }

    public boolean runsOn(Trigger trigger) {
        return trigger == Trigger.CI || triggers.contains(trigger);
    }

    /** Whether it was written through the API (and so may be changed there). */
    public boolean fromApi() {
        return FROM_API.equals(source);
    }
}
