package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** {@code compliance:} frameworks the organisation reports against and governance controls. Flags left out are false. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Compliance(
        List<@NotBlank(message = "must name a framework") String> frameworks,
        boolean dataClassification,
        boolean dataLineage,
        boolean retentionPolicies,
        boolean rightToBeForgotten,
        boolean auditTrail,
        boolean complianceReporting,
        boolean automatedComplianceChecks,
        boolean privacyByDesign,
        boolean consentManagement,
        boolean dataMinimization) {

    public Compliance {
        frameworks = Defaults.list(frameworks);
    }

    public static Compliance defaults() {
        return new Compliance(null, false, false, false, false, false, false, false, false, false, false);
    }
}
