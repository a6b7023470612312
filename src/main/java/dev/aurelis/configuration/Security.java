package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.nio.file.Path;
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
 * @param mfaEnforcement      who must use a second factor: all_users, admins, local_accounts or optional (the Cortex
 *                            brief's {@code auth.mfa.enforcement}); unset: local_accounts when {@code mfa_required}
 * @param encryptionInTransit every connection that leaves the machine is encrypted: the listener terminates TLS (or
 *                            {@code encryption.in_transit.termination: ingress} says a proxy in front does) and
 *                            providers are reached over https unless loopback or on premise (ADR 0049)
 * @param threatDetection     adds the built-in {@code threat_detected} alert rule (docs/alerting.md)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Security(
        @Pattern(regexp = Compliance.FRAMEWORK, message = "must be one of SOC2, ISO27001, GDPR, HIPAA, SOX") String complianceFramework,
        String dataResidency,
        @AlwaysOn("secrets kept in the database (TOTP seeds) are sealed with AES-256-GCM envelope keys") Boolean encryptionAtRest,
        boolean encryptionInTransit,
        @Valid Encryption encryption,
        @Positive(message = "must be at least 1 day") Integer keyRotationDays,
        @AlwaysOn("every admin call and gateway call is checked against the caller's roles") Boolean rbacEnabled,
        boolean mfaRequired,
        List<@NotBlank(message = "must name a method such as totp or webauthn") String> mfaMethods,
        String mfaEnforcement,
        @Positive(message = "must be at least 1 second") Integer sessionTimeout,
        boolean securityMonitoring,
        boolean threatDetection,
        boolean piiDetection,
        boolean dataClassification,
        boolean retentionPolicies) {

    public Security {
        encryption = Defaults.orElse(encryption, new Encryption(null, null));
        encryption = encryption.inTransit() != null ? encryption
                : new Encryption(encryption.atRest(), InTransit.defaults());
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
     * @param inTransit the listener's TLS (e.g. minimum version TLS1.3) and the CAs trusted for upstream calls
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Encryption(@Valid AtRest atRest, @Valid InTransit inTransit) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AtRest(
            @Pattern(regexp = "(?i)AES-256-GCM", message = "must be AES-256-GCM, the one algorithm Aurelis seals with") String algorithm,
            @Pattern(regexp = "local|vault|hashicorp_vault|aws_kms", message = "must be local, vault or aws_kms") String keyManagement) {
    }

    /**
     * TLS for the connections Aurelis answers and makes (ADR 0049).
     *
     * @param minVersion         the oldest protocol the listener accepts: TLS1.3 (default) or TLS1.2
     * @param cipherSuites       the suites the listener accepts, by their standard names (e.g.
     *                           TLS_AES_256_GCM_SHA384); empty: the JDK's defaults for the protocols allowed
     * @param certificate        PEM file with the listener's certificate (and its chain); with {@code private_key}
     *                           the listener speaks HTTPS only
     * @param privateKey         PEM file with the certificate's private key (PKCS#8 or PKCS#1)
     * @param privateKeyPassword the key's password when the PEM file is encrypted
     * @param caFile             PEM file of certificate authorities trusted for calls to providers besides the
     *                           JDK's own (a private CA of an on-premise model server)
     * @param termination        who terminates TLS for clients: aurelis (default; needs the certificate when
     *                           {@code encryption_in_transit} is on) or ingress (a proxy in front does, and the
     *                           listener speaks plain HTTP to it)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InTransit(
            @Pattern(regexp = "(?i)(TLS)?v?1\\.[23]", message = "must be TLS1.3 or TLS1.2") String minVersion,
            List<@NotBlank(message = "must name a cipher suite") String> cipherSuites,
            Path certificate,
            Path privateKey,
            String privateKeyPassword,
            Path caFile,
            @Pattern(regexp = "aurelis|ingress", message = "must be aurelis or ingress") String termination) {

        public static final String TLS_1_3 = "TLSv1.3";
        public static final String TLS_1_2 = "TLSv1.2";

        public InTransit {
            cipherSuites = Defaults.list(cipherSuites);
            privateKeyPassword = Defaults.blankToNull(privateKeyPassword);
        }

        public static InTransit defaults() {
            return new InTransit(null, null, null, null, null, null, null);
        }

        /** The oldest protocol accepted, as the JDK names it. */
        public String protocol() {
            return minVersion != null && minVersion.strip().endsWith("2") ? TLS_1_2 : TLS_1_3;
        }

        /** The protocols the listener enables: the minimum and every newer one. */
        public List<String> protocols() {
            return TLS_1_2.equals(protocol()) ? List.of(TLS_1_2, TLS_1_3) : List.of(TLS_1_3);
        }

        /** A proxy in front of Aurelis terminates TLS, as the operator acknowledged. */
        public boolean terminatedByIngress() {
            return "ingress".equals(termination);
        }

        @Override
        public String toString() {
            return "InTransit[" + protocol() + ", " + cipherSuites + ", " + certificate + "]";
        }
    }

    public Optional<Duration> sessionTimeoutDuration() {
        return Optional.ofNullable(sessionTimeout).map(Duration::ofSeconds);
    }

    public Optional<Duration> keyRotationInterval() {
        return Optional.ofNullable(keyRotationDays).map(Duration::ofDays);
    }
}
