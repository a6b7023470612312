package dev.aurelis.configuration;

import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code security:} organisation-wide security policy. Flags left out are false.
 *
 * @param complianceFramework e.g. SOC2, HIPAA, GDPR, SOX
 * @param dataResidency       region prompts must stay in, e.g. US, EU
 * @param keyRotationDays     days between rotations of encryption keys; null leaves the default
 * @param sessionTimeout      seconds an idle console or CLI session stays valid; null leaves the default
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Security(
        @NotYetEnforced("compliance") String complianceFramework,
        String dataResidency,
        @NotYetEnforced("privacy") boolean encryptionAtRest,
        @NotYetEnforced("operations") boolean encryptionInTransit,
        @NotYetEnforced("privacy") @Positive(message = "must be at least 1 day") Integer keyRotationDays,
        @AlwaysOn("every admin call and gateway call is checked against the caller's roles") Boolean rbacEnabled,
        boolean mfaRequired,
        @Positive(message = "must be at least 1 second") Integer sessionTimeout,
        @NotYetEnforced("audit") boolean auditLogging,
        @NotYetEnforced("audit") boolean securityMonitoring,
        @NotYetEnforced("alerting") boolean threatDetection,
        @NotYetEnforced("privacy") boolean piiDetection,
        @NotYetEnforced("privacy") boolean dataClassification,
        @NotYetEnforced("privacy") boolean retentionPolicies) {

    public static Security defaults() {
        return new Security(null, null, false, false, null, null, false, null,
                false, false, false, false, false, false);
    }

    public Optional<Duration> sessionTimeoutDuration() {
        return Optional.ofNullable(sessionTimeout).map(Duration::ofSeconds);
    }

    public Optional<Duration> keyRotationInterval() {
        return Optional.ofNullable(keyRotationDays).map(Duration::ofDays);
    }
}
