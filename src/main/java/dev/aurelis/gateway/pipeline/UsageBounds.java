package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.PromptTokens;
import java.util.function.LongSupplier;

/**
 * What an attempt's usage can be, known before it starts: the prompt as counted locally and a strict upper bound
 * on it (each computed on first use: the count costs a tokenizer pass), and the most output the provider was allowed.
 *
 * @param promptBound   at most this many prompt tokens; {@link PromptTokens#UNBOUNDED} when unknown
 * @param outputCap     at most this many output tokens; null when the provider was sent no cap
 * @param contextWindow the model's context window, null when unknown
 */
record UsageBounds(LongSupplier promptEstimate, LongSupplier promptBound, Long outputCap, Integer contextWindow) {

    /** Nothing is known (an attempt spend never admitted). */
    static final UsageBounds NONE = new UsageBounds(() -> 0, () -> PromptTokens.UNBOUNDED, null, null);

    /** No count reported for one field can be above this: no model reads or writes ten million tokens at once. */
    static final long ABSOLUTE_MAX = 10_000_000;

    /** The most prompt tokens a report can plausibly carry: the context window (a byte bound may miss what a provider adds). */
    long plausiblePrompt() {
        return contextWindow == null ? ABSOLUTE_MAX : Math.min(contextWindow, ABSOLUTE_MAX);
    }

    /** The most prompt tokens the provider can count. */
    long maxPrompt() {
        long bound = Math.min(promptBound.getAsLong(), ABSOLUTE_MAX);
        return contextWindow == null ? bound : Math.min(bound, contextWindow);
    }

    /** The most output tokens the provider can produce. */
    long maxOutput() {
        long bound = outputCap == null ? ABSOLUTE_MAX : Math.min(outputCap, ABSOLUTE_MAX);
        return contextWindow == null ? bound : Math.min(bound, contextWindow);
    }
}
