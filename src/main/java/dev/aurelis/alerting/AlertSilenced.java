package dev.aurelis.alerting;

import java.time.Instant;
import java.util.UUID;

/** Someone silenced a rule (optionally for one group) until {@code until}: it still fires, nobody is told. */
public record AlertSilenced(UUID silenceId, String tenantId, String rule, String group, Instant until,
        String reason, String silencedBy, Instant occurredAt) {
}
