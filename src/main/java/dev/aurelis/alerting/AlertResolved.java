package dev.aurelis.alerting;

import java.time.Instant;
import java.util.UUID;

/** The condition of a firing alert no longer holds (or its subject went away): the episode is over. */
public record AlertResolved(UUID alertId, String tenantId, String rule, String group, Instant firedAt,
        Instant occurredAt) {
}
