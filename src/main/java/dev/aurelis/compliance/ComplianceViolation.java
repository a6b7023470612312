package dev.aurelis.compliance;

import java.time.Instant;

/**
 * Published when an automated check finds a control failing that passed (or was not checked) before: for alerting
 * (the brief's {@code data_retention > policy_limit} alert rides on {@code control = audit.retention}).
 */
public record ComplianceViolation(String tenantId, String framework, String control, String title, String reason,
        Instant detectedAt) {
}
