package dev.aurelis.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What an exchange can cost at most, for hard budgets (ADR 0028): the prompt's strict upper bound (UTF-8 bytes of
 * what the model reads plus framing allowances, never above the model's context window) and the most output the
 * provider may produce (the request's cap, else the context window, else a cap Aurelis sends). Priced at whichever
 * of plain input or prompt-cache writes is dearer, with no margin needed: it is a bound, not an estimate.
 */
final class ReservationBound {

    /** The prompt bound when neither the request's content nor the model's context window bounds it. */
    static final long UNKNOWN_PROMPT = 2_000_000;

    private ReservationBound() {
    }

    /** The most prompt tokens the provider can count for the request. */
    static long prompt(SpendRequest request) {
        long bound = Math.min(request.promptBound().getAsLong(), UNKNOWN_PROMPT);
        return request.contextWindow() == null ? bound : Math.min(bound, request.contextWindow());
    }

    /** The most output tokens the provider can produce, given what it will be sent. */
    static long output(SpendRequest request) {
        if (request.embeddings()) {
            return 0;
        }
        if (request.requestedMaxOutput() != null && request.requestedMaxOutput() > 0) {
            return request.requestedMaxOutput();
        }
        return request.contextWindow() != null ? request.contextWindow() : SpendGuard.ASSUMED_MAX_OUTPUT;
    }

    /**
     * The output cap the provider must be sent for the bound to hold: none when the request sets one or the context
     * window bounds the output, else {@link SpendGuard#ASSUMED_MAX_OUTPUT}.
     */
    static Long capToSend(SpendRequest request) {
        boolean uncapped = request.requestedMaxOutput() == null || request.requestedMaxOutput() <= 0;
        return !request.embeddings() && uncapped && request.contextWindow() == null ? SpendGuard.ASSUMED_MAX_OUTPUT : null;
    }

    /** Whether a smaller output cap may be derived for the request, since it set none of its own. */
    static boolean mayCap(SpendRequest request) {
        return !request.embeddings() && (request.requestedMaxOutput() == null || request.requestedMaxOutput() <= 0);
    }

    /** The exact cost of {@code prompt} and {@code output} tokens, the prompt priced as plain input or cache writes, whichever is dearer. */
    static BigDecimal cost(Price price, long prompt, long output) {
        BigDecimal plain = price.cost(new TokenUsage(prompt, 0, 0, output, 0));
        BigDecimal written = price.cost(new TokenUsage(prompt, 0, prompt, output, 0));
        return plain.max(written);
    }

    /**
     * The largest output cap whose bound fits {@code headroomMicros} along with the prompt's bound; 0 when not even
     * one output token fits.
     */
    static long capWithin(Price price, long prompt, long headroomMicros, long outputBound) {
        if (price.output().signum() <= 0) {
            return outputBound;
        }
        BigDecimal left = BigDecimal.valueOf(headroomMicros, 6).subtract(cost(price, prompt, 0));
        if (left.signum() <= 0) {
            return 0;
        }
        long cap = left.multiply(BigDecimal.valueOf(1_000_000)).divide(price.output(), 0, RoundingMode.FLOOR).longValue();
        return Math.max(0, Math.min(cap, outputBound));
    }
}
