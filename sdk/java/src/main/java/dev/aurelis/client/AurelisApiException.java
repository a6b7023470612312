package dev.aurelis.client;

/**
 * The server answered with an error: its HTTP status and the error JSON the admin API sends
 * ({@code {"error":{"type":…,"message":…}}}). {@link #body()} keeps the raw answer for anything else it carried.
 */
public class AurelisApiException extends AurelisException {

    private final int status;
    private final String type;
    private final String apiMessage;
    private final String body;

    public AurelisApiException(int status, String type, String apiMessage, String body) {
        super("HTTP " + status + (type == null ? "" : " " + type) + ": " + apiMessage);
        this.status = status;
        this.type = type;
        this.apiMessage = apiMessage;
        this.body = body;
    }

    /** The HTTP status, e.g. 400, 403, 404, 409. */
    public int status() {
        return status;
    }

    /** The error's {@code type}, e.g. {@code invalid_request_error}, {@code permission_error}; null if the answer had none. */
    public String type() {
        return type;
    }

    /** The error's {@code message} as the server wrote it (or the answer's text when it was not the error JSON). */
    public String apiMessage() {
        return apiMessage;
    }

    /** The answer's body as received. */
    public String body() {
        return body;
    }
}
