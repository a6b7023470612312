package dev.aurelis.workflows;

/** How the trail names the change a workflow event is about. */
final class Changes {

    private Changes() {
    }

    /** {@code repository:acme/payments#42}, {@code repository:acme/payments@ec26c3e}, or the repository alone. */
    static String target(String repository, Long pullNumber, String headSha) {
        String change = pullNumber != null ? "#" + pullNumber
                : headSha != null ? "@" + headSha.substring(0, Math.min(7, headSha.length())) : "";
        return "repository:" + repository + change;
    }
}
