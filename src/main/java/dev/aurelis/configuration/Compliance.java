package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * {@code compliance:} frameworks the organisation reports against and governance controls. Flags left out are false.
 * {@code compliance.audit_trail} is {@code audit.enabled}. {@code privacy_by_design} makes the protective defaults
 * binding ({@link PrivacyByDesign}); {@code consent_management} records consents and gates content logging by them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Compliance(
        List<@NotBlank(message = "must name a framework")
                @Pattern(regexp = FRAMEWORK, message = "must be one of SOC2, ISO27001, GDPR, HIPAA, SOX") String> frameworks,
        boolean dataClassification,
        boolean dataLineage,
        boolean retentionPolicies,
        boolean rightToBeForgotten,
        boolean complianceReporting,
        boolean automatedComplianceChecks,
        boolean privacyByDesign,
        boolean consentManagement,
        boolean dataMinimization) {

    /** The frameworks compliance reports know, however they are spelt (SOC 2, ISO/IEC 27001…). */
    public static final String FRAMEWORK = "(?i)\\s*(soc\\s*-?\\s*2|iso\\s*(/\\s*iec)?\\s*-?\\s*27001(:2022)?|gdpr|hipaa|sox)\\s*";

    public Compliance {
        frameworks = Defaults.list(frameworks);
    }

    public static Compliance defaults() {
        return new Compliance(null, false, false, false, false, false, false, false, false, false);
    }
}
