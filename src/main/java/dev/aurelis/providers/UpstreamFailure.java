package dev.aurelis.providers;

/** A call that got no HTTP answer from the provider: it could not connect, timed out or was cut off. */
public class UpstreamFailure extends RuntimeException {

    public enum Kind {
        CONNECT, TIMEOUT, INTERRUPTED_STREAM, IO,
        /** Aurelis itself stopped the call (its thread was interrupted): says nothing of the provider (ADR 0073). */
        CANCELLED
    }

    private final Kind kind;
    private final String provider;

    public UpstreamFailure(Kind kind, String provider, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.provider = provider;
    }

    public Kind kind() {
        return kind;
    }

    public String provider() {
        return provider;
    }
}
