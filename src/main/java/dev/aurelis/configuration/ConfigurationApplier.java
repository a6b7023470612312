package dev.aurelis.configuration;

import dev.aurelis.access.AccessDeclaration;
import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.RoleScope;
import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.identity.AdminBootstrap;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.Users;
import dev.aurelis.providers.AuthStyle;
import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.providers.ModelDeployment;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.Router;
import dev.aurelis.routing.RoutingSettings;
import dev.aurelis.routing.Task;
import dev.aurelis.spend.Price;
import dev.aurelis.spend.Prices;
import dev.aurelis.tenancy.OrganizationDeclaration;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Applies the active configuration to every module before the server takes traffic: organisation, departments,
 * teams, projects and roles to the database (idempotently), providers to the model catalogue, routing, prices,
 * gateway limits, and the first administrator key. Values of the active {@code environments} entry (chosen by
 * {@code environment:} or {@code AURELIS_ENVIRONMENT}) replace the top-level ones.
 */
@Component
class ConfigurationApplier implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationApplier.class);

    /** The brief's models as GitHub Models names them, served when only {@code github_token} is configured. */
    static final Map<String, String> GITHUB_MODELS = Map.of(
            "gpt-4o", "openai/gpt-4o",
            "gpt-4o-mini", "openai/gpt-4o-mini",
            "codestral-2501", "mistral-ai/codestral-2501",
            "cohere-command-r", "cohere/cohere-command-r-08-2024");

    /** The region of the implicit GitHub Models provider (see {@link #providersOf}). */
    static final String GITHUB_MODELS_REGION = "US";

    private final ActiveConfiguration active;
    private final Organizations organizations;
    private final AccessPolicy access;
    private final Users users;
    private final ApiKeys keys;
    private final AdminBootstrap bootstrap;
    private final ModelCatalog catalog;
    private final Prices prices;
    private final GatewaySettings gateway;
    private final Router router;

    ConfigurationApplier(ActiveConfiguration active, Organizations organizations, AccessPolicy access, Users users,
            ApiKeys keys, AdminBootstrap bootstrap, ModelCatalog catalog, Prices prices, GatewaySettings gateway,
            Router router) {
        this.active = active;
        this.organizations = organizations;
        this.access = access;
        this.users = users;
        this.keys = keys;
        this.bootstrap = bootstrap;
        this.catalog = catalog;
        this.prices = prices;
        this.gateway = gateway;
        this.router = router;
    }

    @Override
    public void afterSingletonsInstantiated() {
        apply(active.config());
    }

    void apply(AurelisConfig config) {
        TenantId tenant = TenantId.of(config.organization().tenantId());
        // the organisation's rows are written as that tenant (row-level security)
        TenantContext.run(tenant, () -> {
            organizations.declare(organizationOf(config, tenant));
            access.declare(accessOf(config, tenant));
            config.rbac().userGroups().forEach((team, group) -> group.members().forEach(email ->
                    users.joinTeam(tenant, users.ensure(tenant, email, "configuration", "configuration"), team,
                            "configuration")));
            keys.reload();
            bootstrap.ensure(tenant);
        });

        List<ProviderSettings> providers = providersOf(config);
        catalog.configure(providers);
        Map<String, Price> configured = new LinkedHashMap<>();
        config.pricing().forEach((model, price) -> configured.put(model,
                new Price(price.input(), price.output(), price.cachedInput(), price.cacheWrite())));
        prices.configure(configured);
        RoutingSettings routing = routingOf(config);
        router.configure(routing);
        gateway.configure(config.gateway().maxBodySize().bytes(), config.activeModels().timeoutDuration());

        if (providers.isEmpty()) {
            log.warn("No providers are configured: add a 'providers:' section or set 'github_token' so the gateway "
                    + "has models to serve");
        } else {
            providers.forEach(p -> log.info("Provider '{}' ({}) at {} serves {}", p.name(), p.type(), p.baseUrl(),
                    p.models().stream().map(ModelDeployment::name).toList()));
        }
        catalog.deployments().stream().filter(d -> prices.priceOf(d.model(), d.providerModelId()).isEmpty())
                .map(d -> d.model()).distinct()
                .forEach(model -> log.warn("Model '{}' has no price: its usage is recorded as unpriced until 'pricing:' names it",
                        model));
        logRouting(config, routing, providers);
    }

    private static void logRouting(AurelisConfig config, RoutingSettings routing, List<ProviderSettings> providers) {
        if (!config.environments().isEmpty() && config.activeEnvironmentProfile().isEmpty()) {
            log.warn("Environment '{}' has no entry under 'environments:' ({}); the top-level values apply",
                    config.environment(), String.join(", ", config.environments().keySet()));
        }
        log.info("Environment '{}': routing '{}' for '{}', primary {}, fallback {}", config.environment(),
                routing.strategy().configName(), routing.autoModel(), routing.primary(), routing.fallback());
        if (routing.dataResidency() != null) {
            providers.stream()
                    .filter(p -> !p.onPremise() && !Router.residentIn(p, routing.dataResidency()))
                    .forEach(p -> log.warn("Provider '{}' (region {}) serves nothing: security.data_residency is '{}'; "
                            + "give it a region in that residency or mark it on_premise", p.name(),
                            p.region() == null ? "not set" : p.region(), routing.dataResidency()));
        }
    }

    /** The routing part of the configuration, as the active environment sees it. */
    static RoutingSettings routingOf(AurelisConfig config) {
        ModelSettings models = config.activeModels();
        Routing routing = config.routing();
        Map<Task, String> preferences = new LinkedHashMap<>();
        models.preferences().forEach((task, model) -> Task.named(task).ifPresent(t -> preferences.put(t, model)));
        Map<Task, List<String>> taskModels = new LinkedHashMap<>();
        routing.tasks().forEach((task, list) -> Task.named(task).ifPresent(t -> taskModels.put(t, List.copyOf(list))));
        Map<String, RoutingSettings.Alias> aliases = new LinkedHashMap<>();
        routing.aliases().forEach((name, alias) -> aliases.put(name, new RoutingSettings.Alias(
                RoutingSettings.Balance.valueOf(alias.balance().name()),
                alias.deployments().stream()
                        .map(d -> new RoutingSettings.Target(d.provider(), d.model(), d.weight())).toList())));
        Routing.Retry retry = routing.retry();
        Routing.CircuitBreaker breaker = routing.circuitBreaker();
        return new RoutingSettings(RoutingSettings.Strategy.valueOf(models.routingStrategy().name()),
                routing.autoModel(), models.primary(), models.fallback(), preferences, taskModels, routing.tiers(),
                aliases, routing.fallbacks(),
                new RoutingSettings.RetryPolicy(retry.maxRetries(), retry.backoff(), retry.maxBackoff(),
                        retry.maxRetryAfter()),
                new RoutingSettings.BreakerPolicy(breaker.enabled(), breaker.failureRate().doubleValue(),
                        breaker.minimumCalls(), breaker.window(), breaker.cooldown(), breaker.halfOpenCalls()),
                config.security().dataResidency());
    }

    private static OrganizationDeclaration organizationOf(AurelisConfig config, TenantId tenant) {
        var organization = config.organization();
        List<dev.aurelis.tenancy.Department> departments = new ArrayList<>();
        for (String name : config.departmentNames()) {
            Department d = config.departments().getOrDefault(name, Department.defaults());
            departments.add(new dev.aurelis.tenancy.Department(name, d.displayName(), d.costCenter(), d.parent()));
        }
        List<dev.aurelis.tenancy.Team> teams = new ArrayList<>();
        config.rbac().userGroups().forEach((name, group) -> {
            String costCenter = group.costCenter();
            if (costCenter == null && group.department() != null) {
                costCenter = config.departments().getOrDefault(group.department(), Department.defaults()).costCenter();
            }
            teams.add(new dev.aurelis.tenancy.Team(name, group.department(), costCenter));
        });
        List<dev.aurelis.tenancy.Project> projects = new ArrayList<>();
        config.projects().forEach((name, p) -> projects.add(new dev.aurelis.tenancy.Project(name, p.displayName(), p.costCenter())));
        return new OrganizationDeclaration(tenant, organization.name(), organization.id(),
                organization.timeZone().getId(), departments, teams, projects);
    }

    private static AccessDeclaration accessOf(AurelisConfig config, TenantId tenant) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        Map<String, RoleScope> scopes = new LinkedHashMap<>();
        config.rbac().roles().forEach((name, role) -> {
            roles.put(name, role.permissions());
            if (role.scope() != null) {
                scopes.put(name, RoleScope.of(role.scope()));
            }
        });
        Map<String, List<String>> teamRoles = new LinkedHashMap<>();
        Map<String, List<String>> teamModels = new LinkedHashMap<>();
        config.rbac().userGroups().forEach((team, group) -> {
            teamRoles.put(team, group.roles());
            teamModels.put(team, group.models());
        });
        return new AccessDeclaration(tenant, roles, scopes, teamRoles, teamModels,
                config.enterprise().departmentIsolation());
    }

    static List<ProviderSettings> providersOf(AurelisConfig config) {
        Duration defaultTimeout = config.activeModels().timeoutDuration();
        List<ProviderSettings> providers = new ArrayList<>();
        for (Provider provider : config.providers()) {
            URI baseUrl = provider.effectiveBaseUrl().orElseThrow(() -> new InvalidConfigurationException(null,
                    java.util.List.of(new ConfigurationProblem("providers[" + config.providers().indexOf(provider) + "].base_url",
                            "is required for type " + provider.type(), 0))));
            List<ModelDeployment> models = provider.models().stream()
                    .map(m -> new ModelDeployment(m.name(), m.id(), m.contextWindow(), m.embeddings())).toList();
            WireFormat format = provider.type().speaksAnthropic() ? WireFormat.ANTHROPIC_MESSAGES : WireFormat.OPENAI_CHAT;
            AuthStyle auth = switch (provider.type()) {
                case ANTHROPIC -> AuthStyle.X_API_KEY;
                case AZURE_OPENAI -> AuthStyle.AZURE_API_KEY;
                default -> AuthStyle.BEARER;
            };
            providers.add(new ProviderSettings(provider.name(), provider.type().configName(), format, baseUrl,
                    config.apiKeyOf(provider).orElse(null), auth, provider.apiVersion(), provider.headers(),
                    provider.effectiveSupportsResponses(), provider.region(), provider.onPremise(),
                    provider.timeoutDuration().orElse(defaultTimeout), models));
        }
        if (providers.isEmpty() && config.activeGithubToken() != null) {
            // GitHub Models runs in GitHub's US-hosted infrastructure, so `data_residency: "US"` (the brief's
            // template) admits it; an operator who needs a stricter statement declares providers explicitly.
            List<ModelDeployment> models = GITHUB_MODELS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new ModelDeployment(e.getKey(), e.getValue(), null, false)).toList();
            providers.add(new ProviderSettings("github-models", ProviderType.GITHUB.configName(), WireFormat.OPENAI_CHAT,
                    ProviderType.GITHUB.defaultBaseUrl().orElseThrow(), config.activeGithubToken(), AuthStyle.BEARER, null,
                    Map.of(), false, GITHUB_MODELS_REGION, false, defaultTimeout, models));
        }
        return providers;
    }
}
