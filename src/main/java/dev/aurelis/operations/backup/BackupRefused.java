package dev.aurelis.operations.backup;

/** A backup that cannot be verified or restored, with the reason in words an operator can act on. */
public class BackupRefused extends RuntimeException {

    public BackupRefused(String message) {
        super(message);
    }

    public BackupRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
