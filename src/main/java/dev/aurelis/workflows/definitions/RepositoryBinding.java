package dev.aurelis.workflows.definitions;

/**
 * A configured repository: where it lives and whom its reviews are attributed to.
 *
 * @param source {@code github} or {@code gitlab}
 */
public record RepositoryBinding(String source, String name, String team, String project, int maxConcurrentRuns) {
}
