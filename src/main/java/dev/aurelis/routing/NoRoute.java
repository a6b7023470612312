package dev.aurelis.routing;

import java.time.Duration;

/** No deployment may serve the exchange; the message says why in words a developer can act on. */
public class NoRoute extends RuntimeException {

    public enum Reason {
        /** The requested name is neither a served model nor an alias. */
        UNKNOWN_MODEL,
        /** The caller's team may not use the model (or any model the strategy could choose). */
        NOT_ALLOWED,
        /** Every deployment is outside the data residency, or not on premise when that is required. */
        RESIDENCY,
        /** The request cannot be served as asked (for example {@code auto} for embeddings, or no primary model). */
        UNSERVABLE,
        /** Every deployment is paused: breakers open or a provider's {@code retry-after}. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final Duration retryAfter;

    public NoRoute(Reason reason, String message) {
        this(reason, message, null);
    }

    public NoRoute(Reason reason, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#UNAVAILABLE}: how long until a deployment may be tried again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
