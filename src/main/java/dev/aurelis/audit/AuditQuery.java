package dev.aurelis.audit;

import java.time.Instant;

/**
 * Which entries to read. Every filter is optional; {@code action} ending in {@code .} or {@code *} matches a family
 * ({@code key.} matches {@code key.issued} and {@code key.revoked}); {@code from} is inclusive, {@code to} exclusive.
 *
 * @param after    read entries after this number (ascending) or before it (descending): the cursor
 * @param newestFirst descending order (the default for reading), else chain order (exports)
 */
public record AuditQuery(Instant from, Instant to, String actor, String category, String action, String target,
        String outcome, Long after, boolean newestFirst) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, null, null, null, false);

    public AuditQuery withAfter(Long cursor) {
        return new AuditQuery(from, to, actor, category, action, target, outcome, cursor, newestFirst);
    }
}
