package dev.aurelis.privacy;

import java.time.Duration;
import java.time.Instant;

/**
 * What retention did to one store: rows dropped (or pseudonymised) because they were past {@code policy}, and the
 * oldest record still kept that the policy covers (null when none). A store that still holds data older than its
 * policy afterwards is {@link #overdue overdue}: a compliance violation.
 */
public record RetentionOutcome(String module, String store, String action, long rows, Duration policy,
        Instant oldestKept) {

    public boolean overdue(Instant now) {
        return oldestKept != null && oldestKept.isBefore(now.minus(policy));
    }
}
