package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aurelis.audit.AuditSettings;
import dev.aurelis.privacy.PrivacyGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code compliance.privacy_by_design}: the protective defaults are binding (scanning and redaction, no source
 * addresses in the trail, retention) and a file that contradicts it is refused with the place of the contradiction.
 */
class PrivacyByDesignTests {

    @Test
    void contentLoggingWithoutConsentManagementAndAPermissiveCategoryAreRefusedWithTheirPlace() throws Exception {
        Path file = Files.createTempFile("privacy-by-design", ".yaml");
        Files.writeString(file, """
                compliance:
                  privacy_by_design: true
                privacy:
                  content_logging:
                    enabled: true
                  policies:
                    - { scope: organization, actions: { secret: allow, email: alert } }
                """);

        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load(file, Map.of()));

        assertThat(invalid).isNotNull();
        assertThat(invalid.problems()).extracting(ConfigurationProblem::path).containsExactlyInAnyOrder(
                "privacy.content_logging.enabled", "privacy.policies[0].actions.secret");
        assertThat(invalid.getMessage())
                .contains(file + ":5: privacy.content_logging.enabled: compliance.privacy_by_design logs content only "
                        + "for people who consented")
                .contains("'allow' for the whole category contradicts it");
    }

    @Test
    void withoutPrivacyByDesignContentLoggingMayGoWithoutConsentManagement() throws Exception {
        Path file = Files.createTempFile("content-logging", ".yaml");
        Files.writeString(file, """
                privacy:
                  content_logging: { enabled: true }
                """);

        AurelisConfig config = ConfigurationLoader.load(file, Map.of()).config();

        assertThat(config.privacy().contentLogging().enabled()).isTrue();
    }

    @Test
    void privacyByDesignTurnsOnScanningMinimisationAndRetentionAndSaysSo() throws Exception {
        Path file = Files.createTempFile("privacy-by-design", ".yaml");
        Files.writeString(file, """
                compliance:
                  privacy_by_design: true
                  consent_management: true
                privacy:
                  content_logging: { enabled: true }
                """);
        AurelisConfig config = ConfigurationLoader.load(file, Map.of()).config();
        PrivacyGuard guard = new PrivacyGuard(event -> { }, new SimpleMeterRegistry());

        guard.configure(PrivacyPolicies.of(config));

        assertThat(config.security().piiDetection()).isFalse();
        assertThat(guard.active()).as("scanning and default redaction, as with security.pii_detection").isTrue();
        assertThat(AuditSettings.omitsSources(config.compliance())).isTrue();
        assertThat(PrivacyByDesign.retentionPolicies(config)).isTrue();
        assertThat(PrivacyByDesign.enforced(config)).containsExactly(
                "secrets and personal data are redacted from requests to providers not on premise "
                        + "(security.pii_detection turned on)",
                "the audit trail keeps no IP address or user agent (compliance.data_minimization turned on)",
                "data past its retention is dropped hourly (retention policies turned on)",
                "prompts and answers are logged only for people who consented to content_logging");
    }

    @Test
    void withoutItTheFilesOwnSwitchesStand() {
        AurelisConfig config = AurelisConfig.defaults();
        PrivacyGuard guard = new PrivacyGuard(event -> { }, new SimpleMeterRegistry());

        guard.configure(PrivacyPolicies.of(config));

        assertThat(guard.active()).isFalse();
        assertThat(AuditSettings.omitsSources(config.compliance())).isFalse();
        assertThat(PrivacyByDesign.retentionPolicies(config)).isFalse();
    }
}
