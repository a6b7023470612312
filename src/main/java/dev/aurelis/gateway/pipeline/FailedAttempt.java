package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Redaction;
import dev.aurelis.providers.UpstreamAnswer;
import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.routing.AttemptFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An attempt that gave the client nothing: why (for the router), what the ledger records of it, and what the
 * client gets when no other attempt follows (the provider's error answer, or a gateway error).
 *
 * @param status    the provider's HTTP status, or 0 when it gave no answer
 * @param errorBody the provider's error body (up to 1 MiB) when it answered
 * @param identity  the provider speaks the client's wire format, so its error body can be relayed as it is
 */
record FailedAttempt(AttemptFailure failure, GatewayError error, String errorType, int status, byte[] errorBody,
        String retryAfter, boolean identity) {

    static FailedAttempt of(UpstreamFailure cause) {
        GatewayError error = ErrorMapping.of(cause);
        return new FailedAttempt(AttemptFailure.of(cause), error, ErrorMapping.errorType(error), 0, null, null, false);
    }

    /** A stream that failed before its first token: recorded as the stream failure it was. */
    static FailedAttempt brokenStream(UpstreamFailure cause) {
        return new FailedAttempt(AttemptFailure.of(cause), ErrorMapping.of(cause),
                ErrorMapping.streamErrorType(cause.kind()), 0, null, null, false);
    }

    static FailedAttempt badResponse(GatewayError error) {
        return new FailedAttempt(AttemptFailure.badResponse(error.getMessage()), error, ErrorMapping.errorType(error), 0,
                null, null, false);
    }

    /** A provider's error answer; its body is read here (up to 1 MiB) to be relayed or classified. */
    static FailedAttempt answered(UpstreamAnswer answer, boolean identity) {
        byte[] raw;
        try (InputStream in = answer.body()) {
            raw = in.readNBytes(1 << 20);
        } catch (IOException e) {
            raw = new byte[0];
        }
        int status = answer.statusCode();
        String retryAfter = answer.header("retry-after").orElse(null);
        String excerpt = Redaction.message(new String(raw, 0, Math.min(raw.length, 4096), StandardCharsets.UTF_8), null);
        AttemptFailure failure = AttemptFailure.ofStatus(status, retryAfter,
                answer.header("retry-after-ms").orElse(null), excerpt, Instant.now());
        return new FailedAttempt(failure, null, "upstream_" + status, status, raw, retryAfter, identity);
    }

    /** Whether the provider answered (with an error status), rather than giving no answer. */
    boolean answered() {
        return status > 0;
    }

    int recordedStatus() {
        return status > 0 ? status : error.status();
    }
}
