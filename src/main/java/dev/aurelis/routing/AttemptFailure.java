package dev.aurelis.routing;

import dev.aurelis.providers.UpstreamFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Why one attempt did not give the client an answer, classified for what may follow: retry the same deployment,
 * fall over to the next, or stop because the request itself is at fault.
 *
 * @param status     the provider's HTTP status, or 0 when there was none (no connection, timeout, broken stream)
 * @param retryAfter how long the provider asked to wait ({@code retry-after} / {@code retry-after-ms}), or null
 * @param detail     a short description for the health report and logs
 */
public record AttemptFailure(Kind kind, int status, Duration retryAfter, String detail) {

    public enum Kind {
        /** No connection, or it was reset before an answer. Transient: retried. */
        CONNECT,
        /** No answer within the timeout, or a stream fell silent. Not retried on the same deployment. */
        TIMEOUT,
        /** A stream ended or reported an error before it was complete. Retried while the client has nothing yet. */
        BROKEN_STREAM,
        /** 429. Retried after {@code retry-after}, or failed over at once while the deployment pauses. */
        RATE_LIMITED,
        /** 5xx (and 408). Retried with backoff. */
        SERVER_ERROR,
        /** 401 or 403: the deployment refuses Aurelis's credentials. Failed over. */
        REFUSED,
        /** 404 or 501: the deployment does not serve this model or operation. Failed over. */
        NOT_FOUND,
        /** The prompt does not fit the model's context window: a model with a larger one may take it. */
        CONTEXT_LENGTH,
        /** The request is wrong whichever deployment gets it: relayed to the client. */
        CLIENT_ERROR,
        /** A success status with a body that is not an answer. Failed over. */
        BAD_RESPONSE,
        /**
         * Aurelis stopped the attempt itself (its thread was interrupted): nothing follows it, and it says nothing of
         * the deployment, neither a failure nor a success (ADR 0073).
         */
        CANCELLED
    }

    private static final Pattern CONTEXT_LENGTH = Pattern.compile(
            "context[_ ]length[_ ]exceeded|maximum context length|context (window|length) (of|is|exceeded)"
                    + "|prompt is too long|too many (input )?tokens|exceeds? (the )?(model'?s? )?(maximum )?context"
                    + "|input is too long|reduce the length of the (messages|prompt|input)",
            Pattern.CASE_INSENSITIVE);

    public static AttemptFailure of(UpstreamFailure failure) {
        Kind kind = switch (failure.kind()) {
            case TIMEOUT -> Kind.TIMEOUT;
            case INTERRUPTED_STREAM -> Kind.BROKEN_STREAM;
            case CONNECT, IO -> Kind.CONNECT;
            case CANCELLED -> Kind.CANCELLED;
        };
        return new AttemptFailure(kind, 0, null, failure.getMessage());
    }

    /**
     * A provider's error answer.
     *
     * @param retryAfter   the {@code retry-after} header (seconds or an HTTP date), or null
     * @param retryAfterMs the {@code retry-after-ms} header some OpenAI-compatible servers send, or null
     * @param errorBody    the start of the error body, searched for a context-length error
     */
    public static AttemptFailure ofStatus(int status, String retryAfter, String retryAfterMs, String errorBody,
            Instant now) {
        Duration wait = parseRetryAfter(retryAfter, retryAfterMs, now);
        String detail = "HTTP " + status;
        Kind kind;
        if (status == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (status == 408 || (status >= 500 && status != 501)) {
            kind = Kind.SERVER_ERROR;
        } else if (status == 401 || status == 403) {
            kind = Kind.REFUSED;
        } else if (status == 404 || status == 501) {
            kind = Kind.NOT_FOUND;
        } else if ((status == 400 || status == 413 || status == 422) && errorBody != null
                && CONTEXT_LENGTH.matcher(errorBody).find()) {
            kind = Kind.CONTEXT_LENGTH;
        } else {
            kind = Kind.CLIENT_ERROR;
        }
        return new AttemptFailure(kind, status, wait, detail);
    }

    public static AttemptFailure brokenStream(String detail) {
        return new AttemptFailure(Kind.BROKEN_STREAM, 0, null, detail);
    }

    public static AttemptFailure badResponse(String detail) {
        return new AttemptFailure(Kind.BAD_RESPONSE, 0, null, detail);
    }

    /** Whether trying the same deployment again may help. */
    public boolean retriesSameDeployment() {
        return switch (kind) {
            case CONNECT, BROKEN_STREAM, RATE_LIMITED, SERVER_ERROR -> true;
            default -> false;
        };
    }

    /** Whether another deployment may answer where this one did not. */
    public boolean mayTryAnotherDeployment() {
        return kind != Kind.CLIENT_ERROR && kind != Kind.CANCELLED;
    }

    /**
     * Whether the failure speaks against the deployment's health: a client's bad request does not, nor does anything
     * Aurelis did itself (a cancellation; its own refusals never become attempts at all).
     */
    public boolean countsAgainstDeployment() {
        return kind != Kind.CLIENT_ERROR && kind != Kind.CONTEXT_LENGTH && kind != Kind.CANCELLED;
    }

    /** Whether the attempt says anything of the deployment at all: a cancelled one is neither failure nor success. */
    public boolean speaksOfDeployment() {
        return kind != Kind.CANCELLED;
    }

    /** {@code 503}, {@code timeout}, {@code broken_stream}: how the route header lists a failed attempt. */
    public String label() {
        return status > 0 ? Integer.toString(status) : kind.name().toLowerCase(Locale.ROOT);
    }

    static Duration parseRetryAfter(String retryAfter, String retryAfterMs, Instant now) {
        if (retryAfterMs != null && !retryAfterMs.isBlank()) {
            try {
                double millis = Double.parseDouble(retryAfterMs.strip());
                if (millis >= 0 && Double.isFinite(millis)) {
                    return Duration.ofMillis((long) Math.ceil(millis));
                }
            } catch (NumberFormatException ignored) {
                // fall back to retry-after
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.strip();
        try {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 && Double.isFinite(seconds) ? Duration.ofMillis((long) Math.ceil(seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
