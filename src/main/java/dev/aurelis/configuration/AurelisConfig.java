package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole of an Aurelis configuration file ({@code enterprise.aurelis.yaml}). Every section is present: a section
 * left out of the file holds its defaults, so an empty file is a usable configuration.
 *
 * @param environment     the name of the running environment; selects an entry of {@code environments}
 * @param githubToken     token for GitHub Models; null when unset
 * @param departments     department name to its details; see {@link #departmentNames()} for all departments
 * @param projects        project name to its details
 * @param environments    environment name to the values it overrides; the entry named by {@code environment}
 *                        applies (see {@link #activeModels()} and {@link #activeGithubToken()})
 * @param routing         aliases, quality tiers, retries and circuit breakers
 * @param providers       upstream providers in the order they are written
 * @param pricing         model name to its price per million tokens, overriding built-in prices
 * @param pricingCurrency currency of {@code pricing}, budgets and limits; default USD
 * @param alerts          alert rules over operational metrics (the Cortex brief); budget alerts are
 *                        {@code cost_management.alerts}
 * @param workspaces      workspace name to its members, permissions and settings
 * @param deployment      how Aurelis itself is rolled out
 * @param costOptimization how the infrastructure under Aurelis saves money
 *
 * <p>The briefs write some settings in two places; {@link Synonyms} lists them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AurelisConfig(
        @Valid Organization organization,
        String environment,
        String githubToken,
        @Valid Enterprise enterprise,
        Map<String, @Valid Department> departments,
        Map<String, @Valid Project> projects,
        Map<String, @Valid EnvironmentProfile> environments,
        @Valid ModelSettings models,
        @Valid Routing routing,
        List<@NotNull(message = "must not be empty") @Valid Provider> providers,
        Map<String, @NotNull(message = "must state input and output prices") @Valid ModelPrice> pricing,
        Currency pricingCurrency,
        @Valid GatewaySettings gateway,
        @Valid Security security,
        @Valid Rbac rbac,
        @Valid CostManagement costManagement,
        @Valid Analytics analytics,
        @Valid Integrations integrations,
        @Valid HighAvailability highAvailability,
        @Valid Compliance compliance,
        @Valid AdvancedFeatures advancedFeatures,
        @Valid Audit audit,
        @Valid Privacy privacy,
        @Valid AlertRules alerts,
        Map<String, @Valid Workspace> workspaces,
        @Valid Deployment deployment,
        @Valid CostOptimization costOptimization) {

    public static final String DEFAULT_ENVIRONMENT = "development";
    public static final Currency DEFAULT_CURRENCY = Currency.getInstance("USD");

    public AurelisConfig {
        enterprise = Defaults.orElse(enterprise, Enterprise.defaults());
        if (organization == null && enterprise.organizationId() != null) {
            organization = new Organization(null, enterprise.organizationId(), null, null);
        }
        organization = Defaults.orElse(organization, Organization.defaults());
        environment = Defaults.orElse(Defaults.blankToNull(environment), DEFAULT_ENVIRONMENT);
        githubToken = Defaults.blankToNull(githubToken);
        departments = Defaults.map(departments, Department::defaults);
        projects = Defaults.map(projects, Project::defaults);
        environments = Defaults.map(environments, EnvironmentProfile::defaults);
        models = Defaults.orElse(models, ModelSettings.defaults());
        routing = Defaults.orElse(routing, Routing.defaults());
        providers = Defaults.list(providers);
        pricing = Defaults.map(pricing, () -> null);
        pricingCurrency = Defaults.orElse(pricingCurrency, DEFAULT_CURRENCY);
        gateway = Defaults.orElse(gateway, GatewaySettings.defaults());
        security = Defaults.orElse(security, Security.defaults());
        rbac = Defaults.orElse(rbac, Rbac.defaults());
        costManagement = Defaults.orElse(costManagement, CostManagement.defaults());
        analytics = Defaults.orElse(analytics, Analytics.defaults());
        integrations = Defaults.orElse(integrations, Integrations.defaults());
        highAvailability = Defaults.orElse(highAvailability, HighAvailability.defaults());
        compliance = Defaults.orElse(compliance, Compliance.defaults());
        advancedFeatures = Defaults.orElse(advancedFeatures, AdvancedFeatures.defaults());
        audit = Defaults.orElse(audit, Audit.defaults());
        privacy = Defaults.orElse(privacy, Privacy.defaults());
        alerts = Defaults.orElse(alerts, AlertRules.defaults());
        workspaces = Defaults.map(workspaces, Workspace::defaults);
        deployment = Defaults.orElse(deployment, Deployment.defaults());
        costOptimization = Defaults.orElse(costOptimization, CostOptimization.defaults());
    }

    /** The configuration of an empty file. */
    public static AurelisConfig defaults() {
        return new AurelisConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same configuration running as environment {@code name} (for example from {@code AURELIS_ENVIRONMENT}). */
    public AurelisConfig withEnvironment(String name) {
        return new AurelisConfig(organization, name, githubToken, enterprise, departments, projects, environments,
                models, routing, providers, pricing, pricingCurrency, gateway, security, rbac, costManagement,
                analytics, integrations, highAvailability, compliance, advancedFeatures, audit, privacy, alerts, workspaces,
                deployment, costOptimization);
    }

    /**
     * {@code models:} as the running environment sees it: the active {@code environments} entry's primary, fallback,
     * routing strategy, timeout and task preferences (merged over the top-level ones) replace the top-level values.
     */
    public ModelSettings activeModels() {
        EnvironmentProfile profile = activeEnvironmentProfile().orElse(null);
        if (profile == null) {
            return models;
        }
        EnvironmentProfile.ModelChoice choice = profile.models();
        Map<String, String> preferences = new java.util.LinkedHashMap<>(models.preferences());
        preferences.putAll(choice.preferences());
        return new ModelSettings(
                Defaults.orElse(choice.routingStrategy(), models.routingStrategy()),
                Defaults.orElse(Defaults.blankToNull(choice.primary()), models.primary()),
                Defaults.orElse(Defaults.blankToNull(choice.fallback()), models.fallback()),
                preferences, models.temperature(), models.maxTokens(),
                Defaults.orElse(choice.timeout(), models.timeout()));
    }

    /** The GitHub token of the active environment, else the top-level {@code github_token}. */
    public String activeGithubToken() {
        return activeEnvironmentProfile().map(EnvironmentProfile::githubToken).map(Defaults::blankToNull)
                .orElse(githubToken);
    }

    /** Departments declared under {@code departments} and those implied by department budgets, in file order. */
    public Set<String> departmentNames() {
        Set<String> names = new LinkedHashSet<>(departments.keySet());
        names.addAll(costManagement.budgets().departments().keySet());
        return names;
    }

    /** The {@code environments} entry named by {@code environment}, if there is one. */
    public Optional<EnvironmentProfile> activeEnvironmentProfile() {
        return Optional.ofNullable(environments.get(environment));
    }

    public Optional<Provider> provider(String name) {
        return providers.stream().filter(provider -> provider != null && name.equals(provider.name())).findFirst();
    }

    /** Model names clients may ask for, over all providers, in file order. */
    public Set<String> servedModelNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Provider provider : providers) {
            if (provider != null) {
                provider.models().forEach(model -> {
                    if (model != null && model.name() != null) {
                        names.add(model.name());
                    }
                });
            }
        }
        return names;
    }

    /** The provider's own key, or for a {@code github} provider without one the active environment's GitHub token. */
    public Optional<String> apiKeyOf(Provider provider) {
        if (provider.apiKey() != null) {
            return Optional.of(provider.apiKey());
        }
        return provider.type() == ProviderType.GITHUB ? Optional.ofNullable(activeGithubToken()) : Optional.empty();
    }
}
