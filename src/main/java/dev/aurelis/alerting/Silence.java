package dev.aurelis.alerting;

import java.time.Instant;
import java.util.UUID;

/**
 * While active, alerts of {@code rule} (every rule when null) for {@code group} (every group when null) are recorded
 * but nobody is notified.
 */
public record Silence(UUID id, String rule, String group, Instant startsAt, Instant endsAt, String reason,
        String createdBy, Instant createdAt) {

    public boolean covers(String alertRule, String alertGroup, Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt) && (rule == null || rule.equals(alertRule))
                && (group == null || group.equals(alertGroup));
    }
}
