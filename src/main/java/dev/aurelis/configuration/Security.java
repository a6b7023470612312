package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code security:} organisation-wide security policy. Flags left out are false.
 *
 * @param complianceFramework e.g. SOC2, HIPAA, GDPR, SOX
 * @param dataResidency       region prompts must stay in, e.g. US, EU
 * @param keyRotationDays     days between rotations of encryption keys; null leaves the default
 * @param sessionTimeout      seconds an idle console or CLI session stays valid; null leaves the default
 * @param mfaMethods          second factors allowed, e.g. totp, webauthn (the Cortex brief's {@code auth.mfa.methods})
 * @param mfaEnforcement      who must use a second factor, e.g. all_users (the Cortex brief's {@code auth.mfa.enforcement})
 * @param threatDetection     adds the built-in {@code threat_detected} alert rule (docs/alerting.md)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Security(
        @Pattern(regexp = Compliance.FRAMEWORK, message = "must be one of SOC2, ISO27001, GDPR, HIPAA, SOX") String complianceFramework,
        String dataResidency,
        @AlwaysOn("secrets kept in the database (TOTP seeds) are sealed with AES-256-GCM envelope keys") Boolean encryptionAtRest,
        @NotYetEnforced("operations") boolean encryptionInTransit,
        @Valid Encryption encryption,
        @Positive(message = "must be at least 1 day") Integer keyRotationDays,
        @AlwaysOn("every admin call and gateway call is checked against the caller's roles") Boolean rbacEnabled,
        boolean mfaRequired,
        @NotYetEnforced("identity") List<@NotBlank(message = "must name a method such as totp or webauthn") String> mfaMethods,
        @NotYetEnforced("identity") String mfaEnforcement,
        @Positive(message = "must be at least 1 second") Integer sessionTimeout,
        boolean securityMonitoring,
        boolean threatDetection,
        boolean piiDetection,
        boolean dataClassification,
        boolean retentionPolicies) {

    public Security {
        encryption = Defaults.orElse(encryption, new Encryption(null, null));
        mfaMethods = Defaults.list(mfaMethods);
    }

    public static Security defaults() {
        return new Security(null, null, null, false, null, null, null, false, null, null, null,
                false, false, false, false, false);
    }

    /**
     * How data is encrypted; {@code encryption.at_rest.enabled} is {@code encryption_at_rest}.
     *
     * @param atRest    e.g. algorithm AES-256-GCM, key management aws_kms
     * @param inTransit e.g. minimum version TLS1.3
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Encryption(@Valid AtRest atRest, @NotYetEnforced("operations") InTransit inTransit) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AtRest(
            @Pattern(regexp = "(?i)AES-256-GCM", message = "must be AES-256-GCM, the one algorithm Aurelis seals with") String algorithm,
            @Pattern(regexp = "local|vault|hashicorp_vault|aws_kms", message = "must be local, vault or aws_kms") String keyManagement) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InTransit(String minVersion, List<String> cipherSuites) {
    }

    public Optional<Duration> sessionTimeoutDuration() {
        return Optional.ofNullable(sessionTimeout).map(Duration::ofSeconds);
    }

    public Optional<Duration> keyRotationInterval() {
        return Optional.ofNullable(keyRotationDays).map(Duration::ofDays);
    }
}
