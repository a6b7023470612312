package dev.aurelis.configuration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks that span several values, which field annotations cannot express. Each finding names its YAML path. */
@ConfigurationBinding
final class ConfigurationRules {

    record Finding(YamlPath path, String reason) {
    }

    private final AurelisConfig config;
    private final List<Finding> findings = new ArrayList<>();

    private ConfigurationRules(AurelisConfig config) {
        this.config = config;
    }

    static List<Finding> check(AurelisConfig config) {
        ConfigurationRules rules = new ConfigurationRules(config);
        rules.checkTenant();
        rules.checkProviders();
        rules.checkModelReferences();
        rules.checkTaskNames();
        rules.checkRouting();
        rules.checkDepartments();
        rules.checkUserGroups();
        rules.checkReplicas();
        rules.checkBackups();
        rules.checkGateway();
        rules.checkSso();
        rules.checkCostManagement();
        rules.checkPrivacy();
        rules.checkTransit();
        rules.checkMfa();
        rules.checkAnalytics();
        return rules.findings;
    }

    private void report(YamlPath path, String reason) {
        findings.add(new Finding(path, reason));
    }

    /** Custom metrics name a known event stream, fields its events have and a unique name. */
    private void checkAnalytics() {
        List<Analytics.CustomMetric> metrics = config.analytics().customMetrics();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            Analytics.CustomMetric m = metrics.get(i);
            if (m == null || m.name() == null || m.name().isBlank()) {
                continue; // reported by the field annotations
            }
            try {
                AnalyticsPolicies.customMetric(m);
            } catch (IllegalArgumentException e) {
                report(YamlPath.of("analytics", "custom_metrics", i), e.getMessage());
                continue;
            }
            if (!names.add(m.name())) {
                report(YamlPath.of("analytics", "custom_metrics", i, "name"), "'" + m.name()
                        + "' names an earlier custom metric too; each needs its own name");
            }
        }
    }

    /** Detectors, policies and rules compile; local processing names on-premise models. */
    private void checkPrivacy() {
        PrivacyByDesign.check(config, this::report);
        try {
            dev.aurelis.privacy.PrivacyGuard.problem(PrivacyPolicies.of(config))
                    .ifPresent(problem -> report(YamlPath.of("privacy"), problem));
        } catch (IllegalArgumentException e) {
            report(YamlPath.of("privacy"), e.getMessage());
        }
        Privacy.LocalProcessing local = config.privacy().localProcessing();
        if (local == null) {
            return;
        }
        if (local.dataResidency() != null && !local.dataResidency().strip().equalsIgnoreCase("on_premise")) {
            report(YamlPath.of("privacy", "local_processing", "data_residency"),
                    "local processing stays on premise: the only residency is on_premise (found '" + local.dataResidency() + "')");
        }
        for (int i = 0; i < local.models().size(); i++) {
            String model = local.models().get(i);
            List<Provider> serving = config.providers().stream().filter(p -> p != null && p.model(model).isPresent())
                    .toList();
            // a model no provider serves yet is refused per exchange (no on-premise route); one served only in the
            // cloud is a contradiction worth stopping for
            if (!serving.isEmpty() && serving.stream().noneMatch(Provider::onPremise)) {
                report(YamlPath.of("privacy", "local_processing", "models", i), "'" + model + "' is served only by "
                        + "providers not marked on_premise: true, so it cannot process locally");
            }
        }
    }

    /**
     * The listener's TLS settings hold together, and with {@code encryption_in_transit} no provider is reached over
     * plain HTTP unless it is on this machine or marked on premise (ADR 0049). Whether a certificate is configured
     * at all is checked at start, where the environment may supply it.
     */
    private void checkTransit() {
        Security.InTransit tls = config.security().encryption().inTransit();
        YamlPath path = YamlPath.of("security", "encryption", "in_transit");
        if (!tls.cipherSuites().isEmpty()) {
            java.util.Set<String> supported = ListenerTls.supportedCipherSuites();
            boolean usable = false;
            for (int i = 0; i < tls.cipherSuites().size(); i++) {
                String suite = tls.cipherSuites().get(i);
                if (suite == null || suite.isBlank()) {
                    continue;
                }
                if (!supported.contains(suite)) {
                    report(path.key("cipher_suites").index(i), "'" + suite + "' is not a cipher suite this Java runtime "
                            + "offers; use the standard names, e.g. TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256, "
                            + "TLS_CHACHA20_POLY1305_SHA256 or TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
                } else if (ListenerTls.usableWith(suite, tls.protocols())) {
                    usable = true;
                }
            }
            if (!usable && tls.cipherSuites().stream().allMatch(supported::contains)) {
                report(path.key("cipher_suites"), "none of these suites works with " + String.join(" or ", tls.protocols())
                        + " (TLS 1.3 suites start with TLS_AES_ or TLS_CHACHA20_; min_version: TLS1.2 allows the others)");
            }
        }
        if ((tls.certificate() == null) != (tls.privateKey() == null)) {
            report(path.key(tls.certificate() == null ? "certificate" : "private_key"),
                    "is required with " + (tls.certificate() == null ? "private_key" : "certificate")
                            + ": the listener needs both PEM files");
        }
        checkReadable(path.key("certificate"), tls.certificate());
        checkReadable(path.key("private_key"), tls.privateKey());
        checkReadable(path.key("ca_file"), tls.caFile());
        if (tls.terminatedByIngress() && tls.certificate() != null) {
            report(path.key("termination"), "is ingress, yet a certificate is configured for Aurelis's own listener; "
                    + "remove one of them");
        }
        if (!config.security().encryptionInTransit()) {
            return;
        }
        List<Provider> providers = config.providers();
        for (int i = 0; i < providers.size(); i++) {
            Provider provider = providers.get(i);
            if (provider == null || provider.type() == null || provider.onPremise()) {
                continue;
            }
            java.net.URI url = provider.effectiveBaseUrl().orElse(null);
            if (url != null && "http".equalsIgnoreCase(url.getScheme()) && !ListenerTls.loopback(url.getHost())) {
                report(YamlPath.of("providers", i, provider.baseUrl() != null ? "base_url" : "type"), "'" + url
                        + "' is plain HTTP and security.encryption_in_transit is true: use https, or mark the provider "
                        + "on_premise: true if it runs inside your network");
            }
        }
    }

    /** The second factors named exist, and who must use one is a known policy that agrees with mfa_required. */
    private void checkMfa() {
        Security security = config.security();
        for (int i = 0; i < security.mfaMethods().size(); i++) {
            String method = security.mfaMethods().get(i);
            if (method == null || method.isBlank() || dev.aurelis.identity.SignInSettings.MfaMethod.named(method).isPresent()) {
                continue;
            }
            String name = method.strip().toLowerCase(java.util.Locale.ROOT);
            report(YamlPath.of("security", "mfa_methods", i), switch (name) {
                case "sms" -> "'sms' is not offered: codes sent by text message can be intercepted or redirected "
                        + "(SIM swap); use totp or webauthn";
                case "biometric", "biometrics" -> "'" + method + "' reaches Aurelis through WebAuthn (Touch ID, "
                        + "Windows Hello and other platform authenticators): list webauthn";
                default -> "'" + method + "' is not a second factor Aurelis offers (totp, webauthn)";
            });
        }
        String enforcement = security.mfaEnforcement();
        if (enforcement == null || enforcement.isBlank()) {
            return;
        }
        var named = dev.aurelis.identity.SignInSettings.MfaEnforcement.named(enforcement);
        if (named.isEmpty()) {
            report(YamlPath.of("security", "mfa_enforcement"), "'" + enforcement + "' is not an enforcement policy "
                    + "(all_users, admins, local_accounts, optional)");
        } else if (named.get() == dev.aurelis.identity.SignInSettings.MfaEnforcement.OPTIONAL && security.mfaRequired()) {
            report(YamlPath.of("security", "mfa_enforcement"), "is optional, yet security.mfa_required is true; say "
                    + "who must use a second factor (all_users, admins or local_accounts) or set mfa_required: false");
        }
    }

    private void checkReadable(YamlPath path, java.nio.file.Path file) {
        if (file != null && !java.nio.file.Files.isReadable(file)) {
            report(path, "'" + file + "' is not a readable file");
        }
    }

    /** Checked here rather than by annotation so that a tenant derived from a bad id is not reported twice. */
    private void checkTenant() {
        Organization organization = config.organization();
        if (!organization.tenantId().equals(organization.id())
                && !organization.tenantId().matches(Organization.IDENTIFIER)) {
            report(YamlPath.of("organization", "tenant_id"),
                    Organization.IDENTIFIER_RULE + " (found '" + organization.tenantId() + "')");
        }
    }

    private void checkProviders() {
        Map<String, Integer> firstIndexByName = new HashMap<>();
        List<Provider> providers = config.providers();
        for (int i = 0; i < providers.size(); i++) {
            Provider provider = providers.get(i);
            if (provider == null) {
                continue;
            }
            YamlPath path = YamlPath.of("providers", i);
            if (provider.name() != null) {
                Integer first = firstIndexByName.putIfAbsent(provider.name(), i);
                if (first != null) {
                    report(path.key("name"), "'" + provider.name() + "' is already the name of providers[" + first
                            + "]; provider names must be unique");
                }
            }
            if (provider.type() != null && provider.type().requiresBaseUrl() && provider.baseUrl() == null) {
                report(path.key("base_url"), "is required for a provider of type " + provider.type().configName());
            }
            if (provider.baseUrl() != null) {
                String scheme = provider.baseUrl().getScheme();
                if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                        || provider.baseUrl().getHost() == null) {
                    report(path.key("base_url"), "'" + provider.baseUrl()
                            + "' is not an http or https URL such as https://example.com/v1");
                }
            }
            Set<String> modelNames = new HashSet<>();
            for (int m = 0; m < provider.models().size(); m++) {
                ProviderModel model = provider.models().get(m);
                if (model != null && model.name() != null && !modelNames.add(model.name())) {
                    report(path.key("models").index(m), "'" + model.name() + "' is listed twice for this provider");
                }
            }
        }
    }

    /** Model names are checked only once providers are declared: until then they name an external catalogue. */
    private void checkModelReferences() {
        if (config.providers().isEmpty()) {
            return;
        }
        Set<String> served = new java.util.LinkedHashSet<>(config.servedModelNames());
        served.addAll(config.routing().aliases().keySet());
        ModelSettings models = config.models();
        checkModel(YamlPath.of("models", "primary"), models.primary(), served);
        checkModel(YamlPath.of("models", "fallback"), models.fallback(), served);
        models.preferences().forEach((task, model) ->
                checkModel(YamlPath.of("models", "preferences", task), model, served));
        config.environments().forEach((name, profile) -> {
            checkModel(YamlPath.of("environments", name, "models", "primary"), profile.models().primary(), served);
            checkModel(YamlPath.of("environments", name, "models", "fallback"), profile.models().fallback(), served);
            profile.models().preferences().forEach((task, model) -> checkModel(
                    YamlPath.of("environments", name, "models", "preferences", task), model, served));
        });
        Routing routing = config.routing();
        routing.tiers().keySet().forEach(model -> checkModel(YamlPath.of("routing", "tiers", model), model, served));
        routing.tasks().forEach((task, list) -> {
            for (int i = 0; i < list.size(); i++) {
                checkModel(YamlPath.of("routing", "tasks", task, i), list.get(i), served);
            }
        });
        routing.fallbacks().forEach((model, list) -> {
            checkModel(YamlPath.of("routing", "fallbacks", model), model, served);
            for (int i = 0; i < list.size(); i++) {
                checkModel(YamlPath.of("routing", "fallbacks", model, i), list.get(i), served);
            }
        });
        if (served.contains(routing.autoModel())) {
            report(YamlPath.of("routing", "auto_model"), "'" + routing.autoModel()
                    + "' is also the name of a served model or alias; choose another name for letting Aurelis choose");
        }
        config.rbac().userGroups().forEach((team, group) -> {
            for (int i = 0; i < group.models().size(); i++) {
                checkModel(YamlPath.of("rbac", "user_groups", team, "models", i), group.models().get(i), served);
            }
        });
    }

    /** Task names are a closed set: a misspelt one would silently never match. */
    private void checkTaskNames() {
        List<String> known = dev.aurelis.routing.Task.names();
        config.models().preferences().keySet().forEach(task ->
                checkTask(YamlPath.of("models", "preferences", task), task, known));
        config.environments().forEach((name, profile) -> profile.models().preferences().keySet().forEach(task ->
                checkTask(YamlPath.of("environments", name, "models", "preferences", task), task, known)));
        config.routing().tasks().keySet().forEach(task -> checkTask(YamlPath.of("routing", "tasks", task), task, known));
    }

    private void checkTask(YamlPath path, String task, List<String> known) {
        if (dev.aurelis.routing.Task.named(task).isEmpty()) {
            report(path, "'" + task + "' is not a task Aurelis routes (tasks: " + String.join(", ", known) + ")");
        }
    }

    /** Alias deployments must name a declared provider and a model it serves. */
    private void checkRouting() {
        config.routing().aliases().forEach((name, alias) -> {
            if (alias == null) {
                return;
            }
            for (int i = 0; i < alias.deployments().size(); i++) {
                Routing.AliasDeployment deployment = alias.deployments().get(i);
                if (deployment == null || deployment.provider() == null || deployment.model() == null) {
                    continue;
                }
                YamlPath path = YamlPath.of("routing", "aliases", name, "deployments", i);
                Provider provider = config.provider(deployment.provider()).orElse(null);
                if (provider == null) {
                    report(path.key("provider"), "'" + deployment.provider() + "' is not a provider under providers ("
                            + String.join(", ", config.providers().stream().filter(p -> p != null && p.name() != null)
                                    .map(Provider::name).toList()) + ")");
                } else if (provider.models().stream().noneMatch(m -> m != null
                        && (deployment.model().equals(m.name()) || deployment.model().equals(m.id())))) {
                    report(path.key("model"), "'" + deployment.model() + "' is not a model of provider '"
                            + provider.name() + "' (models: " + String.join(", ", provider.models().stream()
                                    .filter(m -> m != null && m.name() != null).map(ProviderModel::name).toList()) + ")");
                }
            }
        });
    }

    private void checkModel(YamlPath path, String model, Set<String> served) {
        if (model != null && !model.isBlank() && !served.contains(model)) {
            report(path, "'" + model + "' is not served by any provider under providers (served: "
                    + String.join(", ", served) + ")");
        }
    }

    private void checkDepartments() {
        Set<String> known = config.departmentNames();
        config.departments().forEach((name, department) -> {
            String parent = department.parent();
            if (parent == null) {
                return;
            }
            YamlPath path = YamlPath.of("departments", name, "parent");
            if (!known.contains(parent)) {
                report(path, "'" + parent + "' is not a department" + declaredDepartments(known));
            } else if (leadsToCycle(name)) {
                report(path, "'" + parent + "' makes " + name + " its own ancestor");
            }
        });
    }

    private boolean leadsToCycle(String start) {
        Set<String> seen = new HashSet<>();
        for (String current = start; current != null; ) {
            if (!seen.add(current)) {
                return true;
            }
            Department department = config.departments().get(current);
            current = department == null ? null : department.parent();
        }
        return false;
    }

    private void checkUserGroups() {
        Rbac rbac = config.rbac();
        Set<String> departments = config.departmentNames();
        rbac.userGroups().forEach((team, group) -> {
            YamlPath path = YamlPath.of("rbac", "user_groups", team);
            for (int i = 0; i < group.roles().size(); i++) {
                String role = group.roles().get(i);
                if (role != null && !role.isBlank() && !rbac.isKnownRole(role)) {
                    Set<String> known = new TreeSet<>(Rbac.BUILT_IN_ROLES);
                    known.addAll(rbac.roles().keySet());
                    report(path.key("roles").index(i), "'" + role
                            + "' is neither a built-in role nor declared under rbac.roles (known roles: "
                            + String.join(", ", known) + ")");
                }
            }
            if (group.department() != null && !departments.contains(group.department())) {
                report(path.key("department"), "'" + group.department() + "' is not a department"
                        + declaredDepartments(departments));
            }
        });
    }

    private static String declaredDepartments(Set<String> known) {
        return known.isEmpty()
                ? "; declare it under departments or cost_management.budgets.departments"
                : " (departments: " + String.join(", ", known) + ")";
    }

    private void checkReplicas() {
        HighAvailability ha = config.highAvailability();
        if (ha.minReplicas() != null && ha.maxReplicas() != null && ha.minReplicas() > ha.maxReplicas()) {
            report(YamlPath.of("high_availability", "max_replicas"), "must be at least min_replicas ("
                    + ha.minReplicas() + ") but is " + ha.maxReplicas());
        }
    }

    /** The brief's one backup strategy; anything else would schedule nothing while seeming to. */
    private void checkBackups() {
        String strategy = config.highAvailability().backupStrategy();
        if (strategy != null && !strategy.isBlank() && !HighAvailability.BACKUP_STRATEGIES.contains(strategy)) {
            report(YamlPath.of("high_availability", "backup_strategy"), "'" + strategy + "' is not a backup strategy "
                    + "(accepted: " + String.join(", ", HighAvailability.BACKUP_STRATEGIES) + "; leave it out for "
                    + "backups on demand only)");
        }
    }

    private void checkCostManagement() {
        CostManagement.Budgets budgets = config.costManagement().budgets();
        for (int i = 0; i < budgets.allocations().size(); i++) {
            CostManagement.Allocation rule = budgets.allocations().get(i);
            if (rule == null) {
                continue;
            }
            long subjects = java.util.stream.Stream.of(rule.team(), rule.department(), rule.user(), rule.project(),
                    rule.costCenter()).filter(s -> s != null && !s.isBlank()).count();
            if (subjects != 1) {
                report(YamlPath.of("cost_management", "budgets", "allocations", i), "must name exactly one of team, "
                        + "department, user, project or cost_center (found " + subjects + ")");
            }
        }
        if (config.providers().isEmpty()) {
            return;
        }
        Set<String> served = config.servedModelNames();
        checkDowngrade(YamlPath.of("cost_management", "enforcement", "downgrade"),
                config.costManagement().enforcement().downgrade(), served);
        java.util.Map<String, java.util.Map<String, CostManagement.Budget>> named = new java.util.LinkedHashMap<>();
        named.put("departments", budgets.departments());
        named.put("teams", budgets.teams());
        named.put("users", budgets.users());
        named.put("projects", budgets.projects());
        named.put("cost_centers", budgets.costCenters());
        named.put("api_keys", budgets.apiKeys());
        named.put("providers", budgets.providers());
        checkDowngrade(YamlPath.of("cost_management", "budgets", "organization", "downgrade"),
                budgets.organization().downgrade(), served);
        named.forEach((section, map) -> map.forEach((name, budget) -> {
            if (budget != null) {
                checkDowngrade(YamlPath.of("cost_management", "budgets", section, name, "downgrade"), budget.downgrade(), served);
            }
        }));
    }

    private void checkDowngrade(YamlPath path, CostManagement.Downgrade downgrade, Set<String> served) {
        if (downgrade == null) {
            return;
        }
        checkModel(path.key("to"), downgrade.to(), served);
        downgrade.models().forEach((from, to) -> checkModel(path.key("models").key(from), to, served));
    }

    private void checkGateway() {
        if (config.gateway().maxBodySize().bytes() == 0) {
            report(YamlPath.of("gateway", "max_body_size"), "must be at least 1 byte");
        }
    }

    /** The SAML toolkit's own fixed drift: a wider configured skew could not act. */
    private static final java.time.Duration MAX_CLOCK_SKEW = java.time.Duration.ofMinutes(3);

    private void checkTimeout(YamlPath path, java.time.Duration timeout) {
        if (timeout.toMillis() < 100 || timeout.compareTo(Sso.MAX_TIMEOUT) > 0) {
            report(path, "must be between 100ms and 2m (found " + timeout + ")");
        }
    }

    /**
     * The provider named must be one Aurelis knows, and when methods are configured, one of them must be a way that
     * provider signs in (Okta through OIDC or SAML, a directory through LDAP). Naming a provider without configuring
     * its method is allowed (the template does): start-up says that only local accounts can sign in.
     */
    private void checkSsoProvider(YamlPath path, Sso sso) {
        String name = sso.provider();
        if (name == null || name.isBlank()) {
            return;
        }
        var provider = dev.aurelis.identity.SignInSettings.Provider.named(name);
        if (provider.isEmpty()) {
            report(path.key("provider"), "'" + name + "' is not an identity provider Aurelis knows ("
                    + dev.aurelis.identity.SignInSettings.Provider.names() + "; any other OpenID Connect provider is oidc)");
            return;
        }
        List<String> configured = new ArrayList<>();
        if (sso.oidc() != null) {
            configured.add("oidc");
        }
        if (sso.saml() != null) {
            configured.add("saml");
        }
        if (sso.ldap() != null) {
            configured.add("ldap");
        }
        List<String> methods = provider.get().methods();
        if (!configured.isEmpty() && methods.stream().noneMatch(configured::contains)) {
            report(path.key("provider"), "'" + name + "' signs in through " + String.join(" or ", methods)
                    + ", but only " + String.join(" and ", configured) + " is configured: add integrations.sso."
                    + methods.getFirst() + ", or name the provider of what is configured");
        }
        if (provider.get() == dev.aurelis.identity.SignInSettings.Provider.ACTIVE_DIRECTORY && sso.ldap() != null
                && !Sso.Ldap.ACTIVE_DIRECTORY.equals(sso.ldap().schema())) {
            report(path.key("ldap").key("schema"), "is " + sso.ldap().schema() + " but the provider is active_directory; "
                    + "set schema: active_directory");
        }
    }

    private void checkSso() {
        Sso sso = config.integrations().sso();
        YamlPath path = YamlPath.of("integrations", "sso");
        sso.groupMappings().forEach((group, mapping) -> {
            for (int i = 0; i < mapping.roles().size(); i++) {
                String role = mapping.roles().get(i);
                if (role != null && !config.rbac().isKnownRole(role)) {
                    report(path.key("group_mappings").key(group).key("roles").index(i),
                            "'" + role + "' is neither a built-in role nor declared under rbac.roles");
                }
            }
        });
        List<String> scimRoles = config.integrations().scim().allowedRoles();
        if (scimRoles != null) {
            for (int i = 0; i < scimRoles.size(); i++) {
                String role = scimRoles.get(i);
                if (role != null && !config.rbac().isKnownRole(role)) {
                    report(YamlPath.of("integrations", "scim", "allowed_roles").index(i),
                            "'" + role + "' is neither a built-in role nor declared under rbac.roles");
                }
            }
        }
        checkTimeout(path.key("connect_timeout"), sso.connectTimeout());
        checkTimeout(path.key("read_timeout"), sso.readTimeout());
        Sso.Saml saml = sso.saml();
        if (saml != null && (saml.clockSkew().isNegative() || saml.clockSkew().compareTo(MAX_CLOCK_SKEW) > 0)) {
            report(path.key("saml").key("clock_skew"), "must be between 0s and 3m (found " + saml.clockSkew() + "); "
                    + "fix the clocks rather than widen the window");
        }
        if (saml != null) {
            int sources = (saml.idpMetadataUrl() != null ? 1 : 0) + (saml.idpMetadataFile() != null ? 1 : 0);
            boolean explicit = saml.idpEntityId() != null || saml.idpSsoUrl() != null || saml.idpCertificate() != null;
            if (sources > 1) {
                report(path.key("saml"), "give either idp_metadata_url or idp_metadata_file, not both");
            } else if (sources == 0 && (saml.idpEntityId() == null || saml.idpSsoUrl() == null
                    || saml.idpCertificate() == null)) {
                report(path.key("saml"), "needs idp_metadata_url, idp_metadata_file, or all of idp_entity_id, "
                        + "idp_sso_url and idp_certificate");
            } else if (sources == 1 && explicit) {
                report(path.key("saml"), "takes the IdP from its metadata; drop idp_entity_id, idp_sso_url and "
                        + "idp_certificate or the metadata source");
            }
        }
        checkSsoProvider(path, sso);
        if (saml != null && saml.acsUrl() != null) {
            java.net.URI acs = saml.acsUrl();
            if (!acs.isAbsolute() || acs.getHost() == null || !("https".equalsIgnoreCase(acs.getScheme())
                    || "http".equalsIgnoreCase(acs.getScheme()))) {
                report(path.key("saml").key("acs_url"), "'" + acs + "' is not an absolute http or https URL such as "
                        + "https://aurelis.example.com/auth/saml/acs");
            } else if (config.security().encryptionInTransit() && "http".equalsIgnoreCase(acs.getScheme())
                    && !ListenerTls.loopback(acs)) {
                report(path.key("saml").key("acs_url"), "'" + acs + "' would have the IdP post assertions in clear "
                        + "text, and security.encryption_in_transit is true: use https");
            }
        }
        Sso.Ldap ldap = sso.ldap();
        if (ldap != null) {
            if (!Sso.Ldap.OPENLDAP.equals(ldap.schema()) && !Sso.Ldap.ACTIVE_DIRECTORY.equals(ldap.schema())) {
                report(path.key("ldap").key("schema"), "must be openldap or active_directory (found '" + ldap.schema() + "')");
            }
            if (ldap.url() != null && !ldap.url().startsWith("ldap://") && !ldap.url().startsWith("ldaps://")) {
                report(path.key("ldap").key("url"), "must start with ldap:// or ldaps:// (found '" + ldap.url() + "')");
            }
        }
        Sso.DeviceLogin device = sso.deviceLogin();
        // RFC 8628 advertises the interval in whole seconds; 0s lets clients poll at their own pace
        if (device.pollInterval().isNegative() || device.pollInterval().toMillis() % 1000 != 0) {
            report(path.key("device_login").key("poll_interval"), "must be a whole number of seconds, 0s or more");
        }
        if (device.keyLifetime().isNegative() || device.keyLifetime().isZero()) {
            report(path.key("device_login").key("key_lifetime"), "must be positive");
        }
        if (device.codeLifetime().isNegative() || device.codeLifetime().isZero()) {
            report(path.key("device_login").key("code_lifetime"), "must be positive");
        }
    }
}
