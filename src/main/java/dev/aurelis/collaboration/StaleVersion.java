package dev.aurelis.collaboration;

/**
 * A change pushed on a version of the file that is no longer the current one: the caller must merge with
 * {@link #current()} (null when the file has no version yet) and push again on its version.
 */
public class StaleVersion extends RuntimeException {

    private final transient FileVersion current;

    public StaleVersion(String message, FileVersion current) {
        super(message);
        this.current = current;
    }

    public FileVersion current() {
        return current;
    }
}
