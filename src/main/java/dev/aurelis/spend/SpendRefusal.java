package dev.aurelis.spend;

import java.time.Duration;
import java.util.List;

/**
 * An exchange may not start: a budget, a throttle or a rate limit refuses it, the counters are unreachable, or the
 * model has no price while a hard budget applies (UNPRICED: the budget could not be held).
 */
public final class SpendRefusal extends RuntimeException {

    public enum Reason { BUDGET_EXCEEDED, THROTTLED, RATE_LIMITED, COUNTERS_UNAVAILABLE, UNPRICED }

    private final Reason reason;
    private final Duration retryAfter;
    private final boolean retryable;
    private final List<RateLimitStatus> rateLimits;

    SpendRefusal(Reason reason, String message, Duration retryAfter, boolean retryable, List<RateLimitStatus> rateLimits) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
        this.retryable = retryable;
        this.rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
    }

    public Reason reason() {
        return reason;
    }

    /** When trying again can succeed (null when unknown). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether a client should retry at all (a budget exhausted for the month is not worth retrying). */
    public boolean retryable() {
        return retryable;
    }

    public List<RateLimitStatus> rateLimits() {
        return rateLimits;
    }
}
