package dev.aurelis.access;

/** A change that conflicts with what exists (a role that exists already, a role still bound); HTTP 409. */
public class AccessConflict extends RuntimeException {

    public AccessConflict(String message) {
        super(message);
    }
}
