package dev.aurelis.access;

/**
 * A refusal decided past the URL's permission check: the target lies outside the caller's scope, or the
 * change would grant permissions the caller does not hold; HTTP 403. The message is safe to show.
 */
public class AccessDenied extends RuntimeException {

    public AccessDenied(String message) {
        super(message);
    }
}
