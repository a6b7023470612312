package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.providers.UpstreamFailure;
import io.micrometer.tracing.Span;

/**
 * One span of an exchange's trace: a pipeline step, or an attempt at a provider. {@link #NONE} when the exchange is
 * not traced, so the pipeline calls the same methods either way at no cost.
 */
final class TraceStep {

    static final TraceStep NONE = new TraceStep(null);

    private final Span span;

    TraceStep(Span span) {
        this.span = span;
    }

    /** The span, or null when the exchange is not traced. */
    Span span() {
        return span;
    }

    /** Whether the span records what is said of it (a sampled trace); attributes are only worked out then. */
    boolean recording() {
        return span != null && !span.isNoop();
    }

    TraceStep tag(String key, String value) {
        if (recording() && value != null) {
            span.tag(key, value);
        }
        return this;
    }

    TraceStep tag(String key, long value) {
        if (recording()) {
            span.tag(key, value);
        }
        return this;
    }

    /** The step failed: {@code error.type} says how (never the message, which may quote what the client sent). */
    <E extends RuntimeException> E failed(E cause) {
        failed(errorType(cause));
        return cause;
    }

    void failed(String errorType) {
        if (recording()) {
            span.tag("error.type", errorType);
            span.error(new TracedFailure(errorType));
        }
    }

    void end() {
        if (span != null) {
            span.end();
        }
    }

    static String errorType(RuntimeException cause) {
        return switch (cause) {
            case GatewayError error -> ErrorMapping.errorType(error);
            case UpstreamFailure failure -> ErrorMapping.errorType(ErrorMapping.of(failure));
            default -> cause.getClass().getName();
        };
    }

    /**
     * Sets the span's status to error with the error type as its only description: no stack, no message from the
     * cause (a client's or a provider's words must not reach the trace).
     */
    static final class TracedFailure extends RuntimeException {
        TracedFailure(String errorType) {
            super(errorType, null, false, false);
        }
    }
}
