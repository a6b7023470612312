package dev.aurelis.spend;

/** The shared counter store (Redis) did not answer. */
final class CountersUnavailable extends RuntimeException {

    CountersUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
