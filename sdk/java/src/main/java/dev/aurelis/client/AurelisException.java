package dev.aurelis.client;

/** A call that did not get an answer from the server: a connection failure, a timeout or an unreadable answer. */
public class AurelisException extends RuntimeException {

    public AurelisException(String message, Throwable cause) {
        super(message, cause);
    }

    protected AurelisException(String message) {
        super(message);
    }
}
