package dev.aurelis.configuration;

import java.util.List;
import java.util.Optional;

/** The configuration could not be used; the message names each offending YAML path, its line and why. */
public class InvalidConfigurationException extends RuntimeException {

    private final transient String source;
    private final transient List<ConfigurationProblem> problems;

    public InvalidConfigurationException(String source, List<ConfigurationProblem> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file the configuration was read from, when it was read from one. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    public List<ConfigurationProblem> problems() {
        return problems;
    }

    private static String message(String source, List<ConfigurationProblem> problems) {
        if (problems.size() == 1) {
            return "Invalid configuration: " + problems.getFirst().describe(source);
        }
        StringBuilder message = new StringBuilder("Invalid configuration (" + problems.size() + " problems):");
        problems.forEach(problem -> message.append("\n  ").append(problem.describe(source)));
        return message.toString();
    }
}
