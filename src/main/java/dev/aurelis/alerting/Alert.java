package dev.aurelis.alerting;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One episode of a rule for one group ({@code organization}, {@code team=payments}, {@code user=a@example.com}...):
 * pending while its condition holds for less than the rule's duration, firing after, resolved when the condition
 * stops holding. {@code details} carries what the rule's automations attached (top users, keys and models...).
 */
public record Alert(UUID id, String rule, String group, String state, String severity, String summary,
        BigDecimal value, Instant pendingSince, Instant firedAt, Instant resolvedAt, Instant lastNotifiedAt,
        String acknowledgedBy, Instant acknowledgedAt, Map<String, Object> details) {

    public static final String PENDING = "pending";
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
}
