package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * {@code compliance:} frameworks the organisation reports against and governance controls. Flags left out are false.
 * {@code compliance.audit_trail} is {@code audit.enabled}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Compliance(
        @NotYetEnforced("compliance") List<@NotBlank(message = "must name a framework") String> frameworks,
        @NotYetEnforced("privacy") boolean dataClassification,
        @NotYetEnforced("audit") boolean dataLineage,
        @NotYetEnforced("privacy") boolean retentionPolicies,
        @NotYetEnforced("privacy") boolean rightToBeForgotten,
        @NotYetEnforced("compliance") boolean complianceReporting,
        @NotYetEnforced("compliance") boolean automatedComplianceChecks,
        @NotYetEnforced("privacy") boolean privacyByDesign,
        @NotYetEnforced("privacy") boolean consentManagement,
        @NotYetEnforced("privacy") boolean dataMinimization) {

    public Compliance {
        frameworks = Defaults.list(frameworks);
    }

    public static Compliance defaults() {
        return new Compliance(null, false, false, false, false, false, false, false, false, false);
    }
}
