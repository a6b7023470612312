package dev.aurelis.spend.counters;

/** The shared counter store (Redis) did not answer. */
public final class CountersUnavailable extends RuntimeException {

    CountersUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
