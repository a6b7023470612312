package dev.aurelis.identity;

/** A user that would clash with an existing one (same userName or e-mail); HTTP 409. */
public class UserConflict extends RuntimeException {

    public UserConflict(String message) {
        super(message);
    }
}
