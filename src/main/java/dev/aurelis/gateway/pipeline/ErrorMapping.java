package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.routing.NoRoute;

/** How failures of providers and refusals of routing become gateway errors, and how the ledger names them. */
final class ErrorMapping {

    private ErrorMapping() {
    }

    /** A provider that could not be reached, timed out or broke off. */
    static GatewayError of(UpstreamFailure failure) {
        return switch (failure.kind()) {
            case TIMEOUT -> new GatewayError(GatewayError.Kind.TIMEOUT, failure.getMessage());
            // Aurelis stopped the call itself (shutting down): retryable, and nothing the provider did
            case CANCELLED -> new GatewayError(GatewayError.Kind.UNAVAILABLE, failure.getMessage() + "; try again.");
            default -> new GatewayError(GatewayError.Kind.UPSTREAM, failure.getMessage() + ".");
        };
    }

    /**
     * Routing found no deployment for the request.
     *
     * @param named the client named a model (not the auto model)
     */
    static GatewayError of(NoRoute refused, boolean named, String team, String model) {
        return switch (refused.reason()) {
            case UNKNOWN_MODEL -> new GatewayError(GatewayError.Kind.NOT_FOUND, 404, refused.getMessage(),
                    "model_not_found", "model");
            case NOT_ALLOWED -> new GatewayError(GatewayError.Kind.PERMISSION, 403, named
                    ? "Team '" + team + "' may not use the model '" + model + "'."
                    : refused.getMessage(), "model_not_allowed", "model");
            case RESIDENCY -> new GatewayError(GatewayError.Kind.PERMISSION, 403, refused.getMessage(),
                    "data_residency", "model");
            case UNSERVABLE -> GatewayError.invalid(refused.getMessage(), "model");
            case UNAVAILABLE -> new GatewayError(GatewayError.Kind.UNAVAILABLE, 503, refused.getMessage(),
                    "deployments_unavailable", null).retryAfter(refused.retryAfter());
        };
    }

    /** The kind of error a provider's HTTP status becomes when its body cannot be relayed as it is. */
    static GatewayError.Kind ofStatus(int status) {
        return switch (status) {
            case 400, 422 -> GatewayError.Kind.INVALID_REQUEST;
            case 401 -> GatewayError.Kind.UPSTREAM;
            case 403 -> GatewayError.Kind.PERMISSION;
            case 404 -> GatewayError.Kind.NOT_FOUND;
            case 413 -> GatewayError.Kind.TOO_LARGE;
            case 429 -> GatewayError.Kind.RATE_LIMITED;
            case 503, 529 -> GatewayError.Kind.UNAVAILABLE;
            case 504 -> GatewayError.Kind.TIMEOUT;
            default -> GatewayError.Kind.UPSTREAM;
        };
    }

    /** The ledger's {@code error_type} of an error answer. */
    static String errorType(GatewayError error) {
        return error.code() != null ? error.code() : error.kind().name().toLowerCase();
    }

    /** The ledger's {@code error_type} of a stream that failed. */
    static String streamErrorType(UpstreamFailure.Kind kind) {
        return switch (kind) {
            case TIMEOUT -> "stream_timeout";
            case INTERRUPTED_STREAM -> "stream_interrupted";
            case CONNECT -> "stream_connect_failed";
            case IO -> "stream_failed";
            case CANCELLED -> "stream_cancelled";
        };
    }
}
