/**
 * Compliance evidence from the deployment's own configuration and records: a catalogue of controls evaluated for
 * SOC 2, ISO 27001, GDPR, HIPAA and SOX, reports whose every claim links to live evidence, and scheduled checks that
 * publish a {@link dev.aurelis.compliance.ComplianceViolation} when a control fails.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Compliance",
        allowedDependencies = {"tenancy", "storage", "identity", "access", "audit", "configuration", "privacy"})
package dev.aurelis.compliance;
