package dev.aurelis.configuration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationLoaderTests {

    private static final Path ENTERPRISE_TEMPLATE = Path.of("examples", "enterprise.aurelis.yaml");

    @Test
    void loadsTheEnterpriseTemplateWithoutUnknownKeys() {
        LoadedConfiguration loaded = ConfigurationLoader.load(ENTERPRISE_TEMPLATE,
                Map.of("GITHUB_ENTERPRISE_TOKEN", "ghp_enterprise"));

        assertThat(loaded.unknownKeys()).isEmpty();
        assertThat(loaded.unresolvedVariables()).isEmpty();
        // every key of the template acts (the last two, advanced_features' custom models, since ADR 0071)
        assertThat(loaded.notYetEnforced()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        AurelisConfig config = loaded.config();
        assertThat(config.organization().name()).isEqualTo("Enterprise Corp");
        assertThat(config.organization().id()).isEqualTo("enterprise-corp-001");
        assertThat(config.organization().tenantId()).isEqualTo("tenant-001");
        assertThat(config.organization().timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.environment()).isEqualTo("production");
        assertThat(config.githubToken()).isEqualTo("ghp_enterprise");
    }

    @Test
    void readsModelRoutingFromTheEnterpriseTemplate() {
        ModelSettings models = loadTemplate().models();

        assertThat(models.routingStrategy()).isEqualTo(RoutingStrategy.INTELLIGENT);
        assertThat(models.primary()).isEqualTo("codestral-2501");
        assertThat(models.fallback()).isEqualTo("gpt-4o-mini");
        assertThat(models.preferences()).containsExactly(
                Map.entry("code_generation", "codestral-2501"),
                Map.entry("code_review", "gpt-4o"),
                Map.entry("documentation", "cohere-command-r"),
                Map.entry("security_analysis", "gpt-4o"),
                Map.entry("performance_optimization", "gpt-4o"));
        assertThat(models.timeoutDuration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void readsSecurityAndRolesFromTheEnterpriseTemplate() {
        AurelisConfig config = loadTemplate();

        Security security = config.security();
        assertThat(security.dataResidency()).isEqualTo("US");
        assertThat(security.mfaRequired()).isTrue();
        assertThat(security.sessionTimeoutDuration()).contains(Duration.ofHours(1));

        Rbac rbac = config.rbac();
        assertThat(rbac.roles()).containsOnlyKeys(
                "enterprise_admin", "department_manager", "team_lead", "senior_developer", "developer");
        assertThat(rbac.roles().get("enterprise_admin").permissions()).containsExactly(
                "admin:full", "config:write", "users:manage", "billing:manage", "audit:read", "security:manage");
        assertThat(rbac.roles().get("developer").permissions())
                .containsExactly("models:use", "code:generate", "code:analyze", "docs:generate");
        assertThat(rbac.userGroups()).isEmpty();
    }

    @Test
    void readsBudgetsAndLimitsFromTheEnterpriseTemplateAsExactDecimals() {
        CostManagement costs = loadTemplate().costManagement();

        assertThat(costs.enabled()).isTrue();
        CostManagement.Budget organization = costs.budgets().organization();
        assertThat(organization.monthlyLimit()).isEqualByComparingTo("100000");
        assertThat(organization.quarterlyLimit()).isEqualByComparingTo("280000");
        assertThat(organization.annualLimit()).isEqualByComparingTo("1000000");

        Map<String, CostManagement.Budget> departments = costs.budgets().departments();
        assertThat(departments).containsOnlyKeys("engineering", "data_science", "qa");
        assertThat(departments.get("engineering").monthlyLimit()).isEqualByComparingTo("40000");
        assertThat(departments.get("engineering").warningThreshold()).isEqualTo(new BigDecimal("0.8"));
        assertThat(departments.get("data_science").monthlyLimit()).isEqualByComparingTo("30000");
        assertThat(departments.get("data_science").warningThreshold()).isEqualTo(new BigDecimal("0.75"));
        assertThat(departments.get("qa").monthlyLimit()).isEqualByComparingTo("10000");
        assertThat(departments.get("qa").warningThreshold()).isEqualTo(new BigDecimal("0.9"));

        assertThat(costs.userLimits().defaultMonthly()).isEqualByComparingTo("1000");
        assertThat(costs.userLimits().seniorMonthly()).isEqualByComparingTo("3000");
        assertThat(costs.userLimits().leadMonthly()).isEqualByComparingTo("5000");
        assertThat(costs.userLimits().managerUnlimited()).isTrue();
        assertThat(costs.enforcement().hardLimits()).isTrue();
        assertThat(costs.enforcement().gracePeriodDuration()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theBriefsLastUnenforcedKeysActNow() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                security:
                  data_residency: US          # acted on by routing
                  pii_detection: true         # acted on by privacy
                  encryption_in_transit: true # acted on by the listener and the provider checks
                  threat_detection:           # empty: not set
                integrations:
                  ide_integration: { vscode_extension: true, vim_plugin: true } # acted on by the gateway
                advanced_features:
                  model_customization: true           # acted on by the gateway (ADR 0071)
                  organization_specific_models: true  # acted on by routing (ADR 0071)
                analytics:
                  metrics:
                    developer_satisfaction: { survey_integration: true } # the pulse survey (ADR 0072)
                    code_quality_scores: { automated_analysis: true }    # the quality score (ADR 0072)
                """, Map.of());

        assertThat(loaded.notYetEnforced()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
    }

    /** A schema of the scanner's own: no key of the real one is left unenforced to show the listing with. */
    record Probe(String acted, @NotYetEnforced("test") Boolean pending, Nested nested) {
    }

    record Nested(@NotYetEnforced("test") Boolean later, String now) {
    }

    @Test
    void listsTheKeysSetThatNoCodeActsOnYetInFileOrderAndTheUnknownOnes() {
        tools.jackson.databind.JsonNode tree = tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree("""
                nested: { now: x, later: true }
                acted: x
                pending: true
                colour: blue
                """);

        KeyScanner.Keys keys = KeyScanner.scan(tree, Probe.class);

        assertThat(keys.notYetEnforced()).extracting(Object::toString).containsExactly("nested.later", "pending");
        assertThat(keys.unknown()).extracting(Object::toString).containsExactly("colour");
        assertThat(KeyScanner.scan(tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree(
                "acted: x\npending: null\n"), Probe.class).notYetEnforced()).isEmpty(); // left out: nothing to act on
    }

    @Test
    void reportsNothingForAFileOfSettingsThatAllAct() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                organization: { name: Acme, id: acme }
                security: { data_residency: EU, mfa_required: true, session_timeout: 600 }
                rbac: { enabled: true, user_groups: { platform: { roles: [developer] } } }
                """, Map.of());

        assertThat(loaded.notYetEnforced()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void listsTheTemplatesTokenAsUnresolvedWhenItIsNotSet() {
        LoadedConfiguration loaded = ConfigurationLoader.load(ENTERPRISE_TEMPLATE, Map.of());

        assertThat(loaded.unresolvedVariables()).containsExactly("GITHUB_ENTERPRISE_TOKEN");
        assertThat(loaded.config().githubToken()).isNull();
        assertThat(loaded.warnings()).filteredOn(w -> w.contains("GITHUB_ENTERPRISE_TOKEN")).hasSize(1);
    }

    @Test
    void substitutesVariablesFromTheEnvironment() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                github_token: "${TOKEN}"
                organization:
                  name: "${ORG_NAME:-Acme} Inc."
                  id: "${ORG_ID:-acme}"
                environment: ${STAGE:-development}
                models:
                  max_tokens: ${MAX_TOKENS}
                """, Map.of("TOKEN", "ghp_123", "STAGE", "", "MAX_TOKENS", "2048", "ORG_ID", "acme-prod"));

        AurelisConfig config = loaded.config();
        assertThat(config.githubToken()).isEqualTo("ghp_123");
        assertThat(config.organization().name()).isEqualTo("Acme Inc.");
        assertThat(config.organization().id()).isEqualTo("acme-prod");
        assertThat(config.environment()).as("set but empty takes the default").isEqualTo("development");
        assertThat(config.models().maxTokens()).isEqualTo(2048);
        assertThat(loaded.unresolvedVariables()).isEmpty();
    }

    @Test
    void leavesAValueOutWhenItsVariableIsUnsetAndHasNoDefault() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                github_token: "${MISSING_TOKEN}"
                organization:
                  name: "Acme ${MISSING_SUFFIX}"
                models:
                  timeout: ${MISSING_TIMEOUT}
                """, Map.of());

        assertThat(loaded.config().githubToken()).isNull();
        assertThat(loaded.config().organization().name()).isEqualTo("Acme ");
        assertThat(loaded.config().models().timeout()).isEqualTo(ModelSettings.DEFAULT_TIMEOUT_SECONDS);
        assertThat(loaded.unresolvedVariables())
                .containsExactly("MISSING_TOKEN", "MISSING_SUFFIX", "MISSING_TIMEOUT");
    }

    @Test
    void keepsAnEscapedReferenceAsLiteralText() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                providers:
                  - name: local
                    type: vllm
                    headers: { X-Template: "$${NOT_A_VARIABLE}", X-Price: "5$" }
                    models: [llama]
                """, Map.of("NOT_A_VARIABLE", "oops"));

        assertThat(loaded.config().providers().getFirst().headers())
                .containsEntry("X-Template", "${NOT_A_VARIABLE}")
                .containsEntry("X-Price", "5$");
    }

    @Test
    void listsUnknownKeysWithTheirPathsInsteadOfFailing() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                models:
                  primary: gpt-4o
                  foo: 1
                telemetry:
                  enabled: true
                providers:
                  - name: first
                    type: openai
                    models: [gpt-4o]
                  - name: second
                    type: mistral
                    bar: [1, 2]
                    models:
                      - { name: codestral, id: codestral-latest, colour: blue }
                """, Map.of());

        assertThat(loaded.unknownKeys())
                .containsExactly("models.foo", "telemetry", "providers[1].bar", "providers[1].models[0].colour");
        assertThat(loaded.warnings()).contains("Unknown configuration key models.foo was ignored");
        assertThat(loaded.config().models().primary()).isEqualTo("gpt-4o");
    }

    @Test
    void acceptsTheAliasTheFeatureGuideUsesForTheGracePeriod() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                cost_management:
                  enforcement: { grace_period_hours: 12 }
                """, Map.of());

        assertThat(loaded.unknownKeys()).isEmpty();
        assertThat(loaded.config().costManagement().enforcement().gracePeriodDuration())
                .isEqualTo(Duration.ofHours(12));
    }

    @Test
    void givesTheDefaultConfigurationForEmptyText() {
        assertIsDefault(ConfigurationLoader.load("", Map.of()));
        assertIsDefault(ConfigurationLoader.load("# nothing configured yet\n", Map.of()));
    }

    @Test
    void givesTheDefaultConfigurationWhenTheFileDoesNotExist(@TempDir Path directory) {
        assertIsDefault(ConfigurationLoader.load(directory.resolve("aurelis.yaml"), Map.of()));
    }

    @Test
    void givesTheDefaultConfigurationForAnEmptyFile(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("aurelis.yaml"), "");

        assertIsDefault(ConfigurationLoader.load(file, Map.of()));
    }

    @Test
    void fillsSectionsLeftOutWithDefaults() {
        AurelisConfig config = ConfigurationLoader.load("organization: { name: Acme }\n", Map.of()).config();

        assertThat(config.organization().id()).isEqualTo("default");
        assertThat(config.organization().tenantId()).isEqualTo("default");
        assertThat(config.models().routingStrategy()).isEqualTo(RoutingStrategy.INTELLIGENT);
        assertThat(config.gateway().maxBodySize()).isEqualTo(ByteSize.ofMebibytes(32));
        assertThat(config.pricingCurrency().getCurrencyCode()).isEqualTo("USD");
        assertThat(config.security().mfaRequired()).isFalse();
        assertThat(config.costManagement().budgets().departments()).isEmpty();
        assertThat(config.integrations().sso().enabled()).isFalse();
    }

    @Test
    void takesTheTenantFromTheOrganizationIdWhenNoTenantIsGiven() {
        AurelisConfig config = ConfigurationLoader.load("organization: { id: acme }\n", Map.of()).config();

        assertThat(config.organization().tenantId()).isEqualTo("acme");
    }

    @Test
    void takesTheOrganizationIdFromTheEnterpriseSectionWhenThereIsNoOrganizationSection() {
        AurelisConfig config = ConfigurationLoader.load("""
                enterprise:
                  tenant_isolation: true
                  organization_id: "kanopusdev-id"
                  department_isolation: true
                """, Map.of()).config();

        assertThat(config.enterprise().departmentIsolation()).isTrue();
        assertThat(config.organization().id()).isEqualTo("kanopusdev-id");
        assertThat(config.organization().tenantId()).isEqualTo("kanopusdev-id");
    }

    @Test
    void namesTheFileAndLineOfAnInvalidValue(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("broken.aurelis.yaml"), """
                organization:
                  name: Acme

                models:
                  max_tokens: plenty
                """);

        assertThatThrownBy(() -> ConfigurationLoader.load(file, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("broken.aurelis.yaml:5: models.max_tokens: 'plenty' is not a whole number");
    }

    private static AurelisConfig loadTemplate() {
        return ConfigurationLoader.load(ENTERPRISE_TEMPLATE, Map.of()).config();
    }

    private static void assertIsDefault(LoadedConfiguration loaded) {
        assertThat(loaded.unknownKeys()).isEmpty();
        assertThat(loaded.unresolvedVariables()).isEmpty();
        AurelisConfig config = loaded.config();
        assertThat(config).isEqualTo(AurelisConfig.defaults());
        assertThat(config.organization().id()).isEqualTo("default");
        assertThat(config.organization().tenantId()).isEqualTo("default");
        assertThat(config.organization().name()).isEqualTo("Default organization");
        assertThat(config.organization().timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.environment()).isEqualTo("development");
        assertThat(config.providers()).isEmpty();
    }
}
