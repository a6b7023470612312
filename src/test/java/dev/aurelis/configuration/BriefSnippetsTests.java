package dev.aurelis.configuration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every configuration snippet of the two product briefs (copied verbatim under {@code examples/brief}; JSON is YAML)
 * loads as a configuration file, and where a snippet states a setting the template states elsewhere, both are the
 * same setting.
 */
class BriefSnippetsTests {

    private static final Path SNIPPETS = Path.of("examples", "brief");

    static Stream<Path> snippets() throws IOException {
        try (Stream<Path> files = Files.list(SNIPPETS)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("snippets")
    void loadsWithoutUnknownKeys(Path snippet) {
        LoadedConfiguration loaded = ConfigurationLoader.load(snippet, Map.of());

        assertThat(loaded.unknownKeys()).as(snippet.toString()).isEmpty();
    }

    @Test
    void keepsACopyOfEverySnippetOfBothBriefs() throws IOException {
        assertThat(snippets().map(p -> p.getFileName().toString())).hasSize(20);
    }

    @Test
    void theFeatureGuidesBudgetManagementIsCostManagement() {
        LoadedConfiguration loaded = load("aurelis-budget-management.yaml");
        CostManagement costs = loaded.config().costManagement();

        assertThat(costs.enabled()).isTrue();
        assertThat(costs.budgets().departments().get("engineering").monthlyLimit()).isEqualByComparingTo("10000");
        assertThat(costs.budgets().departments().get("engineering").hardLimit()).isTrue();
        assertThat(costs.budgets().departments().get("data_science").warningThreshold()).isEqualByComparingTo("0.75");
        assertThat(costs.budgets().departments().get("data_science").hardLimit()).isFalse();
        assertThat(costs.userLimits().defaultMonthly()).isEqualByComparingTo("500");
        assertThat(costs.userLimits().managerMonthly()).isEqualByComparingTo("2000");
        assertThat(costs.userLimits().adminMonthly()).isEqualByComparingTo("5000");
        assertThat(costs.enforcement().softLimits()).isTrue();
        assertThat(costs.enforcement().gracePeriodDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(costs.enforcement().autoThrottling()).isTrue();
        // the guide's three alert switches, the last of which renames the section's last key (it was once lost)
        assertThat(costs.alerts().emailEnabled()).isTrue();
        assertThat(costs.alerts().slackEnabled()).isTrue();
        assertThat(costs.alerts().dashboardEnabled()).isTrue();
        assertThat(loaded.notYetEnforced()).isEmpty();
    }

    @Test
    void aSynonymForTheLastKeyOfASectionKeepsItsValue() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                budget_management:
                  alerts: { dashboard_alerts: true }
                """, Map.of());

        assertThat(loaded.config().costManagement().alerts().dashboardEnabled()).isTrue();
    }

    @Test
    void theCortexSsoMfaAndRolesAreTheIdentitySettings() {
        Sso sso = load("cortex-saml-sso.json").config().integrations().sso();
        assertThat(sso.enabled()).isTrue();
        assertThat(sso.saml().idpMetadataUrl()).hasToString("https://your-idp.com/saml/metadata");
        assertThat(sso.saml().entityId()).isEqualTo("cortex-code-enterprise");
        assertThat(sso.provider()).isEqualTo("saml");
        assertThat(sso.saml().acsUrl()).hasToString("https://your-cortex-code.com/auth/saml/callback");
        assertThat(load("cortex-saml-sso.json").notYetEnforced()).isEmpty();

        LoadedConfiguration mfa = load("cortex-mfa.json");
        assertThat(mfa.config().security().mfaRequired()).isTrue();
        assertThat(ConfigurationApplier.mfaOf(mfa.config().security())).isEqualTo(new dev.aurelis.identity.SignInSettings.Mfa(
                java.util.Set.of(dev.aurelis.identity.SignInSettings.MfaMethod.TOTP,
                        dev.aurelis.identity.SignInSettings.MfaMethod.WEBAUTHN),
                dev.aurelis.identity.SignInSettings.MfaEnforcement.ALL_USERS));
        assertThat(mfa.notYetEnforced()).isEmpty();

        LoadedConfiguration roles = load("cortex-custom-role.json");
        assertThat(roles.config().rbac().roles().get("custom-team-lead").permissions())
                .containsExactly("chat.create", "github.read", "a2a.read", "mcp.manage", "config.read");
        assertThat(roles.notYetEnforced()).isEmpty();
    }

    @Test
    void theCortexEncryptionAtRestIsTheTemplatesEncryptionAtRest() {
        LoadedConfiguration loaded = load("cortex-encryption.json");

        assertThat(loaded.config().security().encryptionAtRest()).isTrue();
        // at rest acts: sealing cannot be switched off, the algorithm is checked, key_management picks the manager;
        // in transit acts: the listener's minimum version and cipher suites (ADR 0049)
        assertThat(loaded.config().security().encryption().inTransit().protocols()).containsExactly("TLSv1.3");
        assertThat(loaded.config().security().encryption().inTransit().cipherSuites())
                .containsExactly("TLS_AES_256_GCM_SHA384");
        assertThat(loaded.notYetEnforced()).isEmpty();
    }

    @Test
    void theCortexCostTrackingAllocatesBudgets() {
        LoadedConfiguration loaded = load("cortex-cost-tracking.json");
        CostManagement costs = loaded.config().costManagement();

        assertThat(costs.enabled()).isTrue();
        assertThat(costs.budgets().allocations()).singleElement().satisfies(rule -> {
            assertThat(rule.team()).isEqualTo("frontend");
            assertThat(rule.budget()).isEqualByComparingTo("1000");
            assertThat(rule.providers()).containsExactly("openai");
        });
        assertThat(ConfigurationApplier.budgetsOf(loaded.config(), dev.aurelis.tenancy.TenantId.of("t")))
                .singleElement().satisfies(budget -> assertThat(budget.subject()).isEqualTo("frontend"));
        assertThat(loaded.notYetEnforced()).as("cost_tracking.providers sets spend on other providers apart").isEmpty();
    }

    @Test
    void theKubernetesConfigMapsMonthlyBudgetIsTheOrganizationBudget() {
        AurelisConfig config = load("aurelis-kubernetes-configmap.yaml").config();

        assertThat(config.costManagement().budgets().organization().monthlyLimit()).isEqualByComparingTo("100000");
        assertThat(config.highAvailability().replicas()).isEqualTo(5);
        assertThat(ConfigurationApplier.spendPolicyOf(config).localShareReplicas()).isEqualTo(5);
    }

    @Test
    void theCortexEnvironmentsStateReplicasPerEnvironment() {
        LoadedConfiguration loaded = load("cortex-environments.json");

        assertThat(loaded.config().environments().get("staging").highAvailability().replicas()).isEqualTo(2);
        assertThat(ConfigurationApplier.spendPolicyOf(loaded.config().withEnvironment("production")).localShareReplicas())
                .isEqualTo(3);
        // resources and feature flags are rendered by `aurelis deploy values`; the flags are reported by the status
        assertThat(loaded.notYetEnforced()).isEmpty();
    }

    @Test
    void sectionsNoCodeActsOnYetAreListedUnderTheirOwnNames() {
        assertThat(load("cortex-audit.json").notYetEnforced()).isEmpty();
        assertThat(load("cortex-alert-rules.json").notYetEnforced()).isEmpty();
        assertThat(load("cortex-workspaces.json").notYetEnforced()).isEmpty();
        // rendered into the deployment by `aurelis deploy values` (ADR 0061)
        assertThat(load("cortex-deployment-aws.json").notYetEnforced()).isEmpty();
        assertThat(load("cortex-blue-green-deployment.json").notYetEnforced()).isEmpty();
        assertThat(load("cortex-cost-optimization.json").notYetEnforced()).isEmpty();
        assertThat(load("cortex-local-processing.json").notYetEnforced()).isEmpty();
        assertThat(load("cortex-custom-metrics.json").notYetEnforced()).isEmpty();
    }

    @Test
    void theTemplatesAuditFlagsAreOneSettingAndTheFeatureGuidesAuditBlockNamesItsOwn() {
        LoadedConfiguration loaded = load("aurelis-isolation-and-audit.yaml");

        assertThat(loaded.config().organization().id()).isEqualTo("kanopusdev-id");
        assertThat(loaded.config().compliance().complianceReporting()).isTrue();
        assertThat(loaded.config().compliance().dataLineage()).isTrue();
        // compliance_reporting (compliance reports) and data_lineage_tracking (lineage) act, under either spelling;
        // comprehensive_logging (reads recorded) and access_control_audit (the daily access review) act too
        assertThat(loaded.notYetEnforced()).doesNotContain("audit.compliance_reporting", "audit.data_lineage_tracking",
                "audit.comprehensive_logging", "audit.access_control_audit");
        assertThat(loaded.config().audit().comprehensiveLogging()).isTrue();
        assertThat(loaded.config().audit().accessControlAudit()).isTrue();
    }

    @Test
    void aSettingWrittenInBothPlacesWithTheSameValueIsAccepted() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                budget_management:
                  department_budgets:
                    qa: { monthly_limit: 10000 }
                cost_management:
                  budgets:
                    departments:
                      qa: { monthly_limit: 10000, warning_threshold: 0.9 }
                """, Map.of());

        CostManagement.Budget qa = loaded.config().costManagement().budgets().departments().get("qa");
        assertThat(qa.monthlyLimit()).isEqualByComparingTo("10000");
        assertThat(qa.warningThreshold()).isEqualByComparingTo("0.9");
    }

    @Test
    void aSettingWrittenInBothPlacesWithDifferentValuesNamesBoth() {
        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load("""
                        cost_management:
                          budgets:
                            departments:
                              qa: { monthly_limit: 20000 }
                        budget_management:
                          department_budgets:
                            qa:
                              monthly_limit: 10000
                        """, Map.of()));

        assertThat(invalid.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("budget_management.department_budgets.qa.monthly_limit");
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.reason()).isEqualTo("is the same setting as "
                    + "cost_management.budgets.departments.qa.monthly_limit (line 4), which is 20000; this is 10000: "
                    + "keep one of them");
        });
    }

    @Test
    void namesAnInvalidValueOfASynonymWhereTheFileWritesIt() {
        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load("""
                        budget_management:
                          department_budgets:
                            qa:
                              warning_threshold: 1.5
                        """, Map.of()));

        assertThat(invalid.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("budget_management.department_budgets.qa.warning_threshold");
            assertThat(problem.line()).isEqualTo(4);
        });
    }

    @Test
    void theTemplatesHighAvailabilityCircuitBreakerIsTheRoutingCircuitBreaker() {
        assertThat(ConfigurationLoader.load("high_availability: { circuit_breaker: false }\n", Map.of())
                .config().routing().circuitBreaker().enabled()).isFalse();
        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ConfigurationLoader.load("""
                high_availability: { circuit_breaker: false }
                routing: { circuit_breaker: { enabled: true } }
                """, Map.of())).problems()).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("high_availability.circuit_breaker"));
    }

    @Test
    void unknownKeysInsideASynonymAreNamedAsWritten() {
        assertThat(ConfigurationLoader.load("budget_management: { colour: blue }\n", Map.of()).unknownKeys())
                .containsExactly("budget_management.colour");
    }

    private static LoadedConfiguration load(String snippet) {
        return ConfigurationLoader.load(SNIPPETS.resolve(snippet), Map.of());
    }
}
