package dev.aurelis.gateway.pipeline;

import dev.aurelis.spend.TokenUsage;

/**
 * The tokens an attempt is charged for. The provider's report when it is complete and plausible; otherwise a
 * bounded estimate, with the reason: the prompt as the provider reported it (else as counted locally), and the
 * larger of the output it reported and the output read from its stream, each held within the attempt's bounds so
 * that no estimate settles above what was reserved.
 *
 * @param estimate null for the provider's own figures; else why they are estimated (see {@code usage_estimate})
 */
record ChargedUsage(TokenUsage tokens, String estimate) {

    static final String IMPLAUSIBLE = "implausible_report";
    static final String NOT_REPORTED = "not_reported";

    static ChargedUsage of(AttemptRun attempt) {
        ReportedUsage reported = attempt.usage();
        TokenUsage tokens = reported.tokens();
        UsageBounds bounds = attempt.bounds();
        boolean plausible = !reported.malformed() && plausible(tokens, bounds);
        // the provider answered (a stream started, or a body arrived) but its usage report never came
        boolean missing = attempt.reachedAnswer() && !reported.complete();
        if (plausible && !missing) {
            return new ChargedUsage(tokens, null);
        }
        String reason = !plausible ? IMPLAUSIBLE
                : attempt.cutShortReason() != null ? attempt.cutShortReason() : NOT_REPORTED;
        return new ChargedUsage(estimate(attempt, tokens, plausible, bounds), reason);
    }

    private static TokenUsage estimate(AttemptRun attempt, TokenUsage reported, boolean plausible, UsageBounds bounds) {
        boolean promptReported = plausible && reported.inputTokens() > 0;
        long input = promptReported ? reported.inputTokens()
                : Math.min(bounds.promptEstimate().getAsLong(), bounds.maxPrompt());
        long relayed = attempt.output().tokens();
        long output = Math.min(Math.max(plausible ? reported.outputTokens() : 0, relayed), bounds.maxOutput());
        long cached = promptReported ? reported.cachedInputTokens() : 0;
        long cacheWrite = promptReported ? reported.cacheWriteTokens() : 0;
        long reasoning = plausible ? Math.min(reported.reasoningTokens(), output) : 0;
        return new TokenUsage(input, cached, cacheWrite, output, reasoning);
    }

    /** Non-negative, parts within wholes, the prompt within the context window, the output within the cap it was given. */
    private static boolean plausible(TokenUsage t, UsageBounds bounds) {
        return t.inputTokens() >= 0 && t.outputTokens() >= 0 && t.cachedInputTokens() >= 0 && t.cacheWriteTokens() >= 0
                && t.reasoningTokens() >= 0
                && t.cachedInputTokens() + t.cacheWriteTokens() <= t.inputTokens()
                && t.reasoningTokens() <= t.outputTokens()
                && t.inputTokens() <= bounds.plausiblePrompt()
                && t.outputTokens() <= bounds.maxOutput();
    }
}
