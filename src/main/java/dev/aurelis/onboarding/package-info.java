/**
 * Organisation onboarding ({@link dev.aurelis.onboarding.Onboarding}, ADR 0059): the brief's twelve steps run
 * against the running system, each checking or applying what a configuration declares through the owning
 * module's API, stopping at the first error and resuming from there on the next run.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Onboarding",
        allowedDependencies = {"configuration", "tenancy", "identity", "access", "spend", "alerting", "compliance",
                "operations", "analytics", "audit", "storage"})
package dev.aurelis.onboarding;
