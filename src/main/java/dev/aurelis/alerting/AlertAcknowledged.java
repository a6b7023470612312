package dev.aurelis.alerting;

import java.time.Instant;
import java.util.UUID;

/** Someone took charge of a firing alert; its channels stop re-notifying and PagerDuty hears the acknowledgement. */
public record AlertAcknowledged(UUID alertId, String tenantId, String rule, String group, String acknowledgedBy,
        Instant occurredAt) {
}
