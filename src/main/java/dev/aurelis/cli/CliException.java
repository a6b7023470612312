package dev.aurelis.cli;

/**
 * A failure the command line reports as {@code error: <message>} (plus an optional hint line) on stderr,
 * without a stack trace.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String hint;

    private final int exitCode;

    CliException(String message) {
        this(message, null, 1);
    }

    CliException(String message, String hint) {
        this(message, hint, 1);
    }

    CliException(String message, String hint, int exitCode) {
        super(message);
        this.hint = hint;
        this.exitCode = exitCode;
    }

    /** A second line suggesting what to do about it, or {@code null}. */
    String hint() {
        return hint;
    }

    int exitCode() {
        return exitCode;
    }
}
