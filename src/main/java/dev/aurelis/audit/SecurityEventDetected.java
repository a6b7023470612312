package dev.aurelis.audit;

import java.time.Instant;

/**
 * Published when security monitoring ({@code security.security_monitoring}) finds a pattern in the trail worth a
 * person's attention, for alerting: repeated sign-in failures of one account, a burst of refused calls by one caller,
 * a role granted to oneself, or keys created en masse.
 *
 * @param rule    e.g. {@code sign_in.repeated_failures}
 * @param subject whom or what it concerns (an account, a caller, the organisation)
 * @param count   how many occurrences within {@code windowSeconds}
 */
public record SecurityEventDetected(String tenantId, String rule, String subject, int count, long windowSeconds,
        Instant detectedAt) {
}
