package dev.aurelis.alerting;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A rule's condition held for its duration: the alert {@code alertId} fired for {@code group} (e.g.
 * {@code team=payments}, or {@code organization}). Published once per episode, in the transaction that records it.
 */
public record AlertFired(UUID alertId, String tenantId, String rule, String group, String severity, String summary,
        BigDecimal value, Instant occurredAt) {
}
