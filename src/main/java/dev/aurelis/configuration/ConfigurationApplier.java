package dev.aurelis.configuration;

import dev.aurelis.access.AccessDeclaration;
import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.privacy.Consents;
import dev.aurelis.privacy.ContentLogging;
import dev.aurelis.privacy.DataProtectionSettings;
import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.RoleScope;
import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.identity.AdminBootstrap;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.Users;
import dev.aurelis.privacy.PrivacyGuard;
import dev.aurelis.providers.AuthStyle;
import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.providers.ModelDeployment;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.CustomModels;
import dev.aurelis.routing.Router;
import dev.aurelis.routing.RoutingSettings;
import dev.aurelis.routing.Task;
import dev.aurelis.spend.Budget;
import dev.aurelis.spend.BudgetPeriod;
import dev.aurelis.spend.BudgetScope;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.Downgrade;
import dev.aurelis.spend.Price;
import dev.aurelis.spend.Prices;
import dev.aurelis.spend.RateLimitPolicy;
import dev.aurelis.spend.SpendPolicy;
import dev.aurelis.spend.UserLimits;
import dev.aurelis.tenancy.OrganizationDeclaration;
import dev.aurelis.tenancy.OrganizationNotIdentified;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workspaces.Workspaces;
import java.math.BigDecimal;
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
    private final SignIn signIn;
    private final Budgets budgets;
    private final Router router;
    private final AnalyticsSettings analytics;
    private final PrivacyGuard privacy;
    private final DataProtectionSettings dataProtection;
    private final dev.aurelis.providers.UpstreamClient upstream;
    private final Workspaces workspaces;
    private final Consents consents;
    private final ContentLogging contentLogging;
    private final CustomModels customModels;
    /** How long logged content is kept when analytics.raw_data_retention_days is not set (the brief's default). */
    static final int DEFAULT_CONTENT_RETENTION_DAYS = 90;

    ConfigurationApplier(ActiveConfiguration active, Organizations organizations, AccessPolicy access, Users users,
            ApiKeys keys, AdminBootstrap bootstrap, ModelCatalog catalog, Prices prices, GatewaySettings gateway,
            SignIn signIn, Budgets budgets, Router router, AnalyticsSettings analytics, PrivacyGuard privacy,
            DataProtectionSettings dataProtection, dev.aurelis.providers.UpstreamClient upstream,
            Workspaces workspaces, Consents consents, ContentLogging contentLogging, CustomModels customModels) {
        this.customModels = customModels;
        this.workspaces = workspaces;
        this.consents = consents;
        this.contentLogging = contentLogging;
        this.active = active;
        this.organizations = organizations;
        this.access = access;
        this.users = users;
        this.keys = keys;
        this.bootstrap = bootstrap;
        this.catalog = catalog;
        this.prices = prices;
        this.gateway = gateway;
        this.signIn = signIn;
        this.budgets = budgets;
        this.router = router;
        this.analytics = analytics;
        this.privacy = privacy;
        this.dataProtection = dataProtection;
        this.upstream = upstream;
    }

    @Override
    public void afterSingletonsInstantiated() {
        apply(active.config());
    }

    void apply(AurelisConfig config) {
        TenantId tenant = tenantOf(config);
        // the organisation's rows are written as that tenant (row-level security)
        TenantContext.run(tenant, () -> {
            organizations.declare(organizationOf(config, tenant));
            access.declare(accessOf(config, tenant));
            config.rbac().userGroups().forEach((team, group) -> group.members().forEach(email ->
                    users.joinTeam(tenant, users.ensure(tenant, email, "configuration", "configuration"), team,
                            "configuration")));
            keys.reload();
            signIn.configure(signInOf(config, tenant));
            bootstrap.ensure(tenant);
        });

        List<ProviderSettings> providers = providersOf(config);
        upstream.trustAlso(config.security().encryption().inTransit().caFile());
        catalog.configure(providers);
        Map<String, Price> configured = new LinkedHashMap<>();
        config.pricing().forEach((model, price) -> configured.put(model,
                new Price(price.input(), price.output(), price.cachedInput(), price.cacheWrite())));
        prices.configure(configured);
        RoutingSettings routing = routingOf(config);
        router.configure(routing);
        customModels.enable(config.advancedFeatures().organizationSpecificModels(),
                config.advancedFeatures().modelCustomization(), tenant);
        ModelSettings models = config.activeModels();
        gateway.configure(config.gateway().maxBodySize().bytes(), config.gateway().defaultMaxTokens(), models.maxTokens(),
                models.temperature(), config.gateway().maxInFlight());
        gateway.configureFirstByteTimeout(config.gateway().firstByteTimeout());
        gateway.configureRefusedIdeFamilies(config.integrations().ideIntegration().refusedFamilies());
        Map<String, String> providerTypes = new LinkedHashMap<>();
        providers.forEach(p -> providerTypes.put(p.name(), p.type()));
        Map<String, String> departmentParents = new LinkedHashMap<>();
        config.departments().forEach((name, department) -> departmentParents.put(name, department.parent()));
        budgets.configure(spendPolicyOf(config), tenant.value(), budgetsOf(config, tenant), providerTypes,
                departmentParents);
        analytics.configure(AnalyticsPolicies.of(config));
        privacy.configure(PrivacyPolicies.of(config));
        dataProtection.configure(new DataProtectionSettings.Policy(config.compliance().rightToBeForgotten(),
                config.security().keyRotationDays(),
                PrivacyByDesign.retentionPolicies(config),
                config.security().encryption().atRest() == null ? null
                        : config.security().encryption().atRest().keyManagement(),
                config.security().encryption().atRest() == null ? null
                        : config.security().encryption().atRest().algorithm()));

        consents.configure(config.compliance().consentManagement());
        contentLogging.configure(new ContentLogging.Policy(config.privacy().contentLogging().enabled(),
                java.time.Duration.ofDays(config.analytics().rawDataRetentionDays() == null
                        ? DEFAULT_CONTENT_RETENTION_DAYS : config.analytics().rawDataRetentionDays())));
        if (PrivacyByDesign.on(config)) {
            log.info("compliance.privacy_by_design enforces: {}", String.join("; ", PrivacyByDesign.enforced(config)));
        }

        applyWorkspaces(config, tenant);

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
        warnAboutSwitchedOffSections(config);
    }

    /**
     * The stored organisation the file describes (see {@link Organizations#tenantFor}); a change of id or name is a
     * rename of that organisation, said once in the log.
     */
    private TenantId tenantOf(AurelisConfig config) {
        Organization declared = config.organization();
        TenantId tenant;
        try {
            tenant = organizations.tenantFor(declared.id(),
                    declared.tenantIdDeclared() ? TenantId.of(declared.tenantId()) : null);
        } catch (OrganizationNotIdentified e) {
            throw new InvalidConfigurationException(active.source() == null ? null : active.source().toString(),
                    List.of(new ConfigurationProblem("organization.tenant_id", e.getMessage(), 0)));
        }
        TenantContext.run(tenant, () -> organizations.organization(tenant)
                .filter(stored -> stored.externalId() != null && !stored.externalId().equals(declared.id()))
                .ifPresent(stored -> log.info("Organisation '{}' ({}) is now '{}' ({}): the file's organization.id "
                        + "renames it; its keys, users and history carry over (tenant id '{}')", stored.externalId(),
                        stored.name(), declared.id(), declared.name(), tenant)));
        return tenant;
    }

    /** {@code workspaces:}, after the providers and projects they name are known; a bad value stops the start. */
    private void applyWorkspaces(AurelisConfig config, TenantId tenant) {
        try {
            TenantContext.run(tenant, () -> workspaces.declare(tenant, WorkspaceDeclarations.of(config),
                    WorkspaceDeclarations.instructions(config)));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(active.source() == null ? null : active.source().toString(),
                    List.of(new ConfigurationProblem("workspaces", e.getMessage(), 0)));
        }
        config.workspaces().forEach((name, w) -> {
            if (w.permissions().containsKey("a2a")) {
                log.warn("workspaces.{}.permissions.a2a is stored and shown, but nothing in Aurelis acts on it yet: "
                        + "there is no agent-to-agent capability (docs/workspaces.md)", name);
            }
        });
        if (!config.workspaces().isEmpty()) {
            log.info("Workspaces declared: {}", String.join(", ", config.workspaces().keySet()));
        }
    }

    /** Settings that act only when a switch elsewhere is on: said at start rather than ignored. */
    private static void warnAboutSwitchedOffSections(AurelisConfig config) {
        CostManagement costs = config.costManagement();
        CostManagement.Budgets declared = costs.budgets();
        boolean budgets = !declared.departments().isEmpty() || !declared.teams().isEmpty() || !declared.users().isEmpty()
                || !declared.projects().isEmpty() || !declared.costCenters().isEmpty() || !declared.apiKeys().isEmpty()
                || !declared.providers().isEmpty() || !declared.allocations().isEmpty()
                || !declared.organization().equals(CostManagement.Budget.defaults());
        if (!costs.enabled() && (budgets || !costs.userLimits().equals(CostManagement.defaults().userLimits())
                || !costs.rateLimits().equals(CostManagement.RateLimits.defaults()))) {
            log.warn("cost_management declares budgets, user limits or rate limits but cost_management.enabled is not "
                    + "true: they are not enforced until it is");
        }
        Sso sso = config.integrations().sso();
        if (sso.enabled() && sso.oidc() == null && sso.saml() == null && sso.ldap() == null) {
            String named = SignInSettings.Provider.named(sso.provider())
                    .map(p -> "integrations.sso.provider is " + p.configName() + ", which signs in through "
                            + String.join(" or ", p.methods()) + ", but no such section is configured")
                    .orElse("integrations.sso.enabled is true but no oidc, saml or ldap section says how");
            log.warn("{}: nobody can sign in through single sign-on until one does, only local accounts can "
                    + "(docs/sign-in.md)", named);
        }
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

    static SpendPolicy spendPolicyOf(AurelisConfig config) {
        CostManagement costs = config.costManagement();
        CostManagement.Enforcement enforcement = costs.enforcement();
        CostManagement.UserLimits users = costs.userLimits();
        int replicas = replicasOf(config);
        return new SpendPolicy(config.organization().timeZone(), costs.fiscalYearStartMonth(),
                enforcement.hardLimits() || !enforcement.softLimits(),
                enforcement.gracePeriod() == null ? null : Duration.ofHours(enforcement.gracePeriod()),
                enforcement.autoThrottling(), enforcement.throttleStart(), enforcement.throttleRequestsPerMinute(),
                downgradeOf(enforcement.downgrade()), costs.alerts().thresholds(),
                costs.enabled() ? new UserLimits(users.defaultMonthly(), users.seniorMonthly(), users.leadMonthly(),
                        users.managerMonthly(), users.adminMonthly(), users.managerUnlimited()) : null,
                costs.enabled() ? rateLimitsOf(costs.rateLimits()) : RateLimitPolicy.NONE,
                enforcement.onRedisFailure() == CostManagement.RedisFailureMode.FAIL_CLOSED, replicas,
                config.gateway().defaultMaxTokens(), config.pricingCurrency().getCurrencyCode());
    }

    /**
     * How many replicas may share the budgets' headroom while Redis is unreachable: the active environment's, else
     * {@code high_availability.replicas}, else the most that may run.
     */
    private static int replicasOf(AurelisConfig config) {
        Integer environment = config.activeEnvironmentProfile().map(p -> p.highAvailability().replicas()).orElse(null);
        HighAvailability ha = config.highAvailability();
        for (Integer replicas : new Integer[] {environment, ha.replicas(), ha.maxReplicas(), ha.minReplicas()}) {
            if (replicas != null) {
                return replicas;
            }
        }
        return 1;
    }

    private static Downgrade downgradeOf(CostManagement.Downgrade downgrade) {
        return downgrade == null ? null : new Downgrade(downgrade.at(), downgrade.to(), downgrade.models());
    }

    private static RateLimitPolicy rateLimitsOf(CostManagement.RateLimits limits) {
        Map<String, RateLimitPolicy.Rate> teams = new LinkedHashMap<>();
        limits.teams().forEach((team, rate) -> teams.put(team, rateOf(rate)));
        Map<String, RateLimitPolicy.Rate> users = new LinkedHashMap<>();
        limits.users().forEach((user, rate) -> users.put(user, rateOf(rate)));
        RateLimitPolicy policy = new RateLimitPolicy(rateOf(limits.perKey()), rateOf(limits.perUser()),
                rateOf(limits.perTeam()), teams, users);
        boolean none = policy.perKey().equals(RateLimitPolicy.Rate.NONE) && policy.perUser().equals(RateLimitPolicy.Rate.NONE)
                && policy.perTeam().equals(RateLimitPolicy.Rate.NONE) && teams.isEmpty() && users.isEmpty();
        return none ? RateLimitPolicy.NONE : policy;
    }

    private static RateLimitPolicy.Rate rateOf(CostManagement.RateLimit rate) {
        return rate == null ? RateLimitPolicy.Rate.NONE : new RateLimitPolicy.Rate(rate.requestsPerMinute(), rate.tokensPerMinute());
    }

    /**
     * The budgets the file declares: the running environment's {@code cost_limits} always, the rest of
     * {@code cost_management.budgets} when {@code cost_management.enabled} is true.
     */
    static List<Budget> budgetsOf(AurelisConfig config, TenantId tenant) {
        CostManagement costs = config.costManagement();
        List<Budget> result = new ArrayList<>();
        EnvironmentProfile.CostLimits limits = config.activeEnvironmentProfile().map(EnvironmentProfile::costLimits)
                .orElse(new EnvironmentProfile.CostLimits(null, null));
        CostManagement.Budgets declared = costs.budgets();
        CostManagement.Budget organization = (costs.enabled() ? declared.organization() : CostManagement.Budget.defaults())
                .withLimits(limits.daily(), limits.monthly());
        addBudgets(result, tenant, BudgetScope.ORGANIZATION, "", organization, List.of());
        if (!costs.enabled()) {
            return result;
        }
        declared.departments().forEach((name, b) -> addBudgets(result, tenant, BudgetScope.DEPARTMENT, name, b, List.of()));
        declared.teams().forEach((name, b) -> addBudgets(result, tenant, BudgetScope.TEAM, name, b, List.of()));
        declared.users().forEach((email, b) -> addBudgets(result, tenant, BudgetScope.USER, email, b, List.of()));
        declared.projects().forEach((name, b) -> addBudgets(result, tenant, BudgetScope.PROJECT, name, b, List.of()));
        declared.costCenters().forEach((code, b) -> addBudgets(result, tenant, BudgetScope.COST_CENTER, code, b, List.of()));
        declared.apiKeys().forEach((id, b) -> addBudgets(result, tenant, BudgetScope.API_KEY, id, b, List.of()));
        declared.providers().forEach((provider, b) ->
                addBudgets(result, tenant, BudgetScope.ORGANIZATION, "", b, List.of(provider)));
        for (CostManagement.Allocation rule : declared.allocations()) {
            BudgetScope scope;
            String subject;
            if (rule.team() != null) {
                scope = BudgetScope.TEAM;
                subject = rule.team();
            } else if (rule.department() != null) {
                scope = BudgetScope.DEPARTMENT;
                subject = rule.department();
            } else if (rule.user() != null) {
                scope = BudgetScope.USER;
                subject = rule.user();
            } else if (rule.project() != null) {
                scope = BudgetScope.PROJECT;
                subject = rule.project();
            } else {
                scope = BudgetScope.COST_CENTER;
                subject = rule.costCenter();
            }
            result.add(new Budget(null, tenant.value(), scope, subject, new java.util.LinkedHashSet<>(rule.providers()),
                    BudgetPeriod.valueOf(rule.period().name()), rule.budget(), rule.thresholds(), rule.hardLimit(), null,
                    Budget.FROM_CONFIGURATION));
        }
        return result;
    }

    private static void addBudgets(List<Budget> result, TenantId tenant, BudgetScope scope, String subject,
            CostManagement.Budget b, List<String> extraProviders) {
        java.util.Set<String> providers = new java.util.LinkedHashSet<>(b.providers());
        providers.addAll(extraProviders);
        List<BigDecimal> thresholds = !b.thresholds().isEmpty() ? b.thresholds()
                : b.warningThreshold() != null ? List.of(b.warningThreshold()) : List.of();
        Map<BudgetPeriod, BigDecimal> limits = new LinkedHashMap<>();
        limits.put(BudgetPeriod.DAILY, b.dailyLimit());
        limits.put(BudgetPeriod.MONTHLY, b.monthlyLimit());
        limits.put(BudgetPeriod.QUARTERLY, b.quarterlyLimit());
        limits.put(BudgetPeriod.ANNUAL, b.annualLimit());
        limits.forEach((period, limit) -> {
            if (limit != null) {
                result.add(new Budget(null, tenant.value(), scope, subject, providers, period, limit, thresholds,
                        b.hardLimit(), downgradeOf(b.downgrade()), Budget.FROM_CONFIGURATION));
            }
        });
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
        config.projects().forEach((name, p) -> projects.add(new dev.aurelis.tenancy.Project(name, p.displayName(),
                p.costCenter(), p.teams(), p.departments())));
        return new OrganizationDeclaration(tenant, organization.name(), organization.id(),
                organization.timeZone().getId(), departments, teams, projects);
    }

    static SignInSettings signInOf(AurelisConfig config, TenantId tenant) {
        Sso sso = config.integrations().sso();
        Security security = config.security();
        java.time.Duration timeout = security.sessionTimeoutDuration().orElse(null);
        SignInSettings.Mfa mfa = mfaOf(security);
        if (!sso.enabled()) {
            return new SignInSettings(tenant, false, false, sso.publicUrl(), security.mfaRequired(), timeout, null, null,
                    null, null, deviceLoginOf(sso), config.integrations().scim().allowedRoles(), sso.connectTimeout(),
                    sso.readTimeout(), mfa, null);
        }
        Sso.Oidc oidc = sso.oidc();
        Sso.Saml saml = sso.saml();
        Sso.Ldap ldap = sso.ldap();
        Map<String, SignInSettings.GroupMapping> mappings = new LinkedHashMap<>();
        sso.groupMappings().forEach((group, mapping) ->
                mappings.put(group, new SignInSettings.GroupMapping(mapping.team(), mapping.roles())));
        return new SignInSettings(tenant, sso.autoProvisioning(), sso.groupSync(), sso.publicUrl(),
                security.mfaRequired(), timeout,
                oidc == null ? null : new SignInSettings.Oidc(oidc.issuerUri(), oidc.clientId(), oidc.clientSecret(),
                        oidc.scopes(), oidc.groupsClaim(), oidc.emailClaim(), oidc.displayName(),
                        new SignInSettings.Linking(oidc.emailAuthoritative(), oidc.linkByEmail()), oidc.mfaAmrValues(),
                        oidc.mfaAcrValues()),
                saml == null ? null : new SignInSettings.Saml(saml.idpMetadataUrl(), saml.idpMetadataFile(),
                        saml.idpEntityId(), saml.idpSsoUrl(), saml.idpCertificate(), saml.entityId(),
                        saml.emailAttribute(), saml.groupsAttribute(), saml.clockSkew(), saml.displayName(),
                        new SignInSettings.Linking(saml.emailAuthoritative(), saml.linkByEmail()), saml.mfaAuthnContexts(),
                        saml.idpInitiated(), saml.acsUrl()),
                ldap == null ? null : new SignInSettings.Ldap(ldap.url(), Sso.Ldap.ACTIVE_DIRECTORY.equals(ldap.schema()),
                        ldap.baseDn(), ldap.bindDn(), ldap.bindPassword(), ldap.userSearchBase(), ldap.userSearchFilter(),
                        ldap.groupSearchBase(), ldap.groupSearchFilter(), ldap.emailAttribute(), ldap.displayName(),
                        new SignInSettings.Linking(ldap.emailAuthoritative(), ldap.linkByEmail()),
                        Defaults.blankToNull(ldap.emailSearchFilter())),
                mappings, deviceLoginOf(sso), config.integrations().scim().allowedRoles(), sso.connectTimeout(),
                sso.readTimeout(), mfa, SignInSettings.Provider.named(sso.provider()).orElse(null));
    }

    /**
     * {@code security.mfa_methods} and {@code mfa_enforcement} (the Cortex brief's {@code auth.mfa}); without an
     * enforcement, {@code mfa_required} asks local accounts for a second factor (ADR 0050).
     */
    static SignInSettings.Mfa mfaOf(Security security) {
        java.util.Set<SignInSettings.MfaMethod> methods = java.util.EnumSet.noneOf(SignInSettings.MfaMethod.class);
        security.mfaMethods().forEach(name -> SignInSettings.MfaMethod.named(name).ifPresent(methods::add));
        SignInSettings.MfaEnforcement enforcement = SignInSettings.MfaEnforcement.named(security.mfaEnforcement())
                .orElse(security.mfaRequired() ? SignInSettings.MfaEnforcement.LOCAL_ACCOUNTS
                        : SignInSettings.MfaEnforcement.OPTIONAL);
        return new SignInSettings.Mfa(methods, enforcement);
    }

    private static SignInSettings.DeviceLogin deviceLoginOf(Sso sso) {
        Sso.DeviceLogin device = sso.deviceLogin();
        return new SignInSettings.DeviceLogin(device.keyLifetime(), device.codeLifetime(), device.pollInterval());
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
