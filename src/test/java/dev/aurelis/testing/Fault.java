package dev.aurelis.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure that {@link FakeUpstream} injects into a request, armed with {@link FakeUpstream#failNext(Fault)},
 * {@link FakeUpstream#failNext(int, Fault)} or {@link FakeUpstream#failAlways(Fault)}. Start from one of the
 * factories and combine aspects with the {@code with…} methods, e.g.
 * {@code Fault.status(429).withRetryAfter(Duration.ofSeconds(2))} or
 * {@code Fault.delayHeaders(Duration.ofMillis(500)).withStatus(503)}.
 *
 * <p>Order of effects on one request: the header delay, then a drop before any byte, then an error status (a
 * vendor-shaped error body), otherwise the normal answer, in which the stream aspects (first-event delay, drop
 * mid-stream, error event mid-stream) apply to streamed answers only.
 *
 * @param status                HTTP status to answer with (0: answer normally)
 * @param errorType             vendor error type in the error body or error event ({@code null}: by status)
 * @param errorMessage          message in the error body or error event ({@code null}: a default)
 * @param retryAfter            value of a {@code retry-after} header (whole seconds, rounded up), or {@code null}
 * @param headerDelay           wait before the response headers, or {@code null}
 * @param dropBeforeResponse    close the connection before writing any byte of the response
 * @param dropAfterEvents       in a stream, close the connection abruptly after this many events (-1: never)
 * @param firstEventDelay       in a stream, wait after the headers before the first event, or {@code null}
 * @param errorEventAfterEvents in a stream, send a vendor error event after this many events and end the
 *                              stream there (-1: never)
 * @param path                  only requests to this path trigger (and consume) the fault ({@code null}: any)
 */
public record Fault(int status, String errorType, String errorMessage, Duration retryAfter, Duration headerDelay,
        boolean dropBeforeResponse, int dropAfterEvents, Duration firstEventDelay, int errorEventAfterEvents,
        String path) {

    private static final Fault NONE = new Fault(0, null, null, null, null, false, -1, null, -1, null);

    public Fault {
        if (status != 0 && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("an injected status must be 4xx or 5xx: " + status);
        }
    }

    /** Answer with {@code status} and the vendor's error body. */
    public static Fault status(int status) {
        return NONE.withStatus(status);
    }

    /** Wait {@code delay} before sending the response headers (then answer normally unless combined). */
    public static Fault delayHeaders(Duration delay) {
        return NONE.withHeaderDelay(delay);
    }

    /** Close the connection before any byte of the response. */
    public static Fault dropConnection() {
        return new Fault(0, null, null, null, null, true, -1, null, -1, null);
    }

    /** Send the headers and {@code events} stream events, then close the connection without ending the stream. */
    public static Fault dropMidStream(int events) {
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0");
        }
        return new Fault(0, null, null, null, null, false, events, null, -1, null);
    }

    /** Send the stream's headers at once but wait {@code delay} before its first event. */
    public static Fault delayFirstEvent(Duration delay) {
        return new Fault(0, null, null, null, null, false, -1, Objects.requireNonNull(delay), -1, null);
    }

    /**
     * After {@code events} stream events send the vendor's in-stream error (Anthropic {@code event: error},
     * Responses {@code event: error}, chat and legacy completions {@code data: {"error":…}}) and end the stream.
     */
    public static Fault errorEventMidStream(int events) {
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0");
        }
        return new Fault(0, null, null, null, null, false, -1, null, events, null);
    }

    public Fault withStatus(int newStatus) {
        return new Fault(newStatus, errorType, errorMessage, retryAfter, headerDelay, dropBeforeResponse,
                dropAfterEvents, firstEventDelay, errorEventAfterEvents, path);
    }

    /** The vendor error {@code type} (e.g. {@code overloaded_error}, {@code insufficient_quota}) and message. */
    public Fault withError(String type, String message) {
        return new Fault(status, type, message, retryAfter, headerDelay, dropBeforeResponse, dropAfterEvents,
                firstEventDelay, errorEventAfterEvents, path);
    }

    public Fault withRetryAfter(Duration delay) {
        return new Fault(status, errorType, errorMessage, Objects.requireNonNull(delay), headerDelay,
                dropBeforeResponse, dropAfterEvents, firstEventDelay, errorEventAfterEvents, path);
    }

    public Fault withHeaderDelay(Duration delay) {
        return new Fault(status, errorType, errorMessage, retryAfter, Objects.requireNonNull(delay),
                dropBeforeResponse, dropAfterEvents, firstEventDelay, errorEventAfterEvents, path);
    }

    public Fault withFirstEventDelay(Duration delay) {
        return new Fault(status, errorType, errorMessage, retryAfter, headerDelay, dropBeforeResponse,
                dropAfterEvents, Objects.requireNonNull(delay), errorEventAfterEvents, path);
    }

    /** Restrict the fault to requests to {@code requestPath} (e.g. {@code /v1/messages}); others pass untouched. */
    public Fault onlyFor(String requestPath) {
        return new Fault(status, errorType, errorMessage, retryAfter, headerDelay, dropBeforeResponse,
                dropAfterEvents, firstEventDelay, errorEventAfterEvents, Objects.requireNonNull(requestPath));
    }

    boolean appliesTo(String requestPath) {
        return path == null || path.equals(requestPath);
    }

    /** The {@code retry-after} header value: whole seconds, rounded up. */
    String retryAfterHeader() {
        long millis = retryAfter.toMillis();
        return Long.toString((millis + 999) / 1000);
    }
}
