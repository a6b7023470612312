package dev.aurelis.gateway.wire;

import dev.aurelis.providers.WireFormat;

/** A refusal or failure of an exchange, rendered in the caller's wire format by {@link ErrorBodies}. */
public class GatewayError extends RuntimeException {

    public enum Kind {
        INVALID_REQUEST(400), AUTHENTICATION(401), PERMISSION(403), NOT_FOUND(404), TOO_LARGE(413),
        RATE_LIMITED(429), BUDGET_EXCEEDED(429), INTERNAL(500), UPSTREAM(502), UNAVAILABLE(503), TIMEOUT(504);

        final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final String param;
    private java.time.Duration retryAfter;

    public GatewayError(Kind kind, String message) {
        this(kind, kind.status, message, null, null);
    }

    public GatewayError(Kind kind, int status, String message, String code, String param) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.param = param;
    }

    public static GatewayError invalid(String message, String param) {
        return new GatewayError(Kind.INVALID_REQUEST, 400, message, null, param);
    }

    /**
     * A refusal at one of the gateway's own limits: 503, or 529 {@code overloaded_error} for Anthropic clients (their
     * SDKs retry it), with {@code retry-after: 1}. Never a provider's failure, never a ledger record (ADR 0081).
     */
    public static GatewayError overloaded(WireFormat format, String message) {
        return new GatewayError(Kind.UNAVAILABLE, format.isAnthropic() ? 529 : 503, message, OVERLOADED, null)
                .retryAfter(java.time.Duration.ofSeconds(1));
    }

    private static final String OVERLOADED = "overloaded";

    /** Whether this is a refusal at one of the gateway's own limits ({@link #overloaded}). */
    public boolean ownOverload() {
        return kind == Kind.UNAVAILABLE && OVERLOADED.equals(code);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    /** How long the client should wait before trying again (sent as {@code retry-after}), or null. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public GatewayError retryAfter(java.time.Duration wait) {
        this.retryAfter = wait;
        return this;
    }
}
