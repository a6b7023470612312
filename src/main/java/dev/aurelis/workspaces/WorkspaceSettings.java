package dev.aurelis.workspaces;

/**
 * A workspace's settings, each acting on the gateway requests of members that name the workspace
 * (docs/workspaces.md).
 *
 * @param defaultProvider    among the deployments that may serve such a request, this provider's are tried first
 * @param defaultModel       the model that serves a request for the auto model
 * @param project            the project such a request is attributed to when neither key nor request names one
 * @param codeReviewRequired the prompt addition tells the assistant that changes need a code review before they merge
 * @param contextTokens      the most tokens the prompt addition may take; 0 adds nothing
 */
public record WorkspaceSettings(String defaultProvider, String defaultModel, String project, boolean codeReviewRequired,
        int contextTokens) {

    public static final int DEFAULT_CONTEXT_TOKENS = 2000;
    public static final int MAX_CONTEXT_TOKENS = 100_000;

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(null, null, null, false, DEFAULT_CONTEXT_TOKENS);
    }
}
