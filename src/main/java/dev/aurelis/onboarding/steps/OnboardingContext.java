package dev.aurelis.onboarding.steps;

import dev.aurelis.configuration.AurelisConfig;
import dev.aurelis.configuration.LoadedConfiguration;
import dev.aurelis.tenancy.TenantId;

/** The tenant being onboarded and the configuration that says what it should have. */
public record OnboardingContext(TenantId tenant, LoadedConfiguration loaded) {

    public AurelisConfig config() {
        return loaded.config();
    }
}
