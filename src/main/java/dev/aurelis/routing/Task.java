package dev.aurelis.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of coding work Aurelis routes separately, named as in {@code models.preferences}. */
public enum Task {
    CODE_GENERATION("code_generation"),
    CODE_REVIEW("code_review"),
    DOCUMENTATION("documentation"),
    SECURITY_ANALYSIS("security_analysis"),
    PERFORMANCE_OPTIMIZATION("performance_optimization"),
    /** Nothing more specific was asked or recognised: the primary model serves it. */
    GENERAL("general");

    private final String configName;

    Task(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, headers and the ledger, e.g. {@code code_review}. */
    public String configName() {
        return configName;
    }

    /**
     * The task a name means: {@code code_review}, {@code code-review} and {@code Code Review} are the same task.
     */
    public static Optional<Task> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normal = name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(task -> task.configName.equals(normal)).findFirst();
    }

    /** Every task's configuration name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Task::configName).toList();
    }

    @Override
    public String toString() {
        return configName;
    }
}
