package dev.aurelis.storage;

import java.time.Instant;

/**
 * Whether the database answered its last probe: a background probe opens a new connection with a short timeout every
 * second or so, and readers (readiness, fast refusals) read the result from memory without waiting on the database.
 */
public interface DatabaseReachability {

    /** True when the last probe reached the database and ran a query in time. */
    boolean reachable();

    /** When the answer of {@link #reachable()} last changed (or the probe started). */
    Instant since();

    /** The last probe's failure, or null when it succeeded. */
    String problem();
}
