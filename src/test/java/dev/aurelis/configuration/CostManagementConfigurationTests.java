package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aurelis.spend.Budget;
import dev.aurelis.spend.BudgetPeriod;
import dev.aurelis.spend.BudgetScope;
import dev.aurelis.spend.SpendPolicy;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code cost_management} as the file states it, and the budgets and policy it turns into. */
class CostManagementConfigurationTests {

    private static final Path ENTERPRISE_TEMPLATE = Path.of("examples/enterprise.aurelis.yaml");

    @Test
    void theEnterpriseTemplateDeclaresTheOrganisationAndDepartmentBudgetsAndEnforcementOfTheBrief() {
        LoadedConfiguration loaded = ConfigurationLoader.load(ENTERPRISE_TEMPLATE, Map.of());
        assertThat(loaded.unknownKeys()).isEmpty();
        AurelisConfig config = loaded.config();

        List<Budget> budgets = ConfigurationApplier.budgetsOf(config, TenantId.of("tenant-001"));
        assertThat(budgets).extracting(b -> b.scope() + " " + b.subject() + " " + b.period() + " " + b.limit().toPlainString())
                .containsExactlyInAnyOrder("ORGANIZATION  MONTHLY 100000", "ORGANIZATION  QUARTERLY 280000",
                        "ORGANIZATION  ANNUAL 1000000", "DEPARTMENT engineering MONTHLY 40000",
                        "DEPARTMENT data_science MONTHLY 30000", "DEPARTMENT qa MONTHLY 10000");
        assertThat(budgets).filteredOn(b -> b.subject().equals("qa")).singleElement()
                .satisfies(b -> assertThat(b.thresholds()).containsExactly(new BigDecimal("0.9")));

        SpendPolicy policy = ConfigurationApplier.spendPolicyOf(config);
        assertThat(policy.hardByDefault()).isTrue();
        assertThat(policy.softGrace()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.autoThrottling()).isTrue();
        assertThat(policy.userLimits().limitFor(Set.of("team_lead"))).contains(new BigDecimal("5000"));
        assertThat(policy.userLimits().limitFor(Set.of("department_manager"))).isEmpty();
        assertThat(policy.failClosed()).isTrue();
        assertThat(policy.localShareReplicas()).isEqualTo(10);
        assertThat(policy.fiscalYearStartMonth()).isEqualTo(1);
    }

    @Test
    void readsBudgetsOnEverySubjectAllocationRulesRateLimitsAndTheNewEnforcementKeys() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                organization: { time_zone: "Europe/Berlin" }
                cost_management:
                  enabled: true
                  fiscal_year_start_month: 4
                  budgets:
                    teams: { frontend: { monthly_limit: 500, thresholds: [0.5, 0.8], hard_limit: false } }
                    users: { "Alice@Acme.example": { monthly_limit: 20 } }
                    projects: { checkout: { quarterly_limit: 3000 } }
                    cost_centers: { "ENG-001": { annual_limit: 90000 } }
                    api_keys: { "5B0C2F6E-0000-0000-0000-000000000000": { monthly_limit: 5 } }
                    providers: { anthropic: { monthly_limit: 2000 } }
                    allocations:
                      - { team: frontend, budget: 1000, providers: [openai] }
                      - { department: qa, budget: 2500, period: quarterly }
                  alerts: { thresholds: [0.5, 0.9] }
                  enforcement:
                    soft_limits: true
                    throttle_start: 0.7
                    throttle_requests_per_minute: 30
                    downgrade: { at: 0.85, to: gpt-4o-mini, models: { claude-opus-4-1: claude-sonnet-4-5 } }
                    on_redis_failure: local_share
                  rate_limits:
                    per_key: { requests_per_minute: 60, tokens_per_minute: 200000 }
                    teams: { platform: { requests_per_minute: 600 } }
                    users: { "ci@acme.example": { requests_per_minute: 10 } }
                """, Map.of());
        assertThat(loaded.unknownKeys()).isEmpty();

        List<Budget> budgets = ConfigurationApplier.budgetsOf(loaded.config(), TenantId.of("t"));
        assertThat(budgets).extracting(b -> b.describe())
                .containsExactlyInAnyOrder("team 'frontend' monthly budget", "user 'alice@acme.example' monthly budget",
                        "project 'checkout' quarterly budget", "cost center 'ENG-001' annual budget",
                        "API key 5b0c2f6e-0000-0000-0000-000000000000 monthly budget",
                        "the organization monthly budget on anthropic", "team 'frontend' monthly budget on openai",
                        "department 'qa' quarterly budget");
        assertThat(budgets).filteredOn(b -> b.scope() == BudgetScope.TEAM && b.providers().isEmpty()).singleElement()
                .satisfies(b -> {
                    assertThat(b.hardLimit()).isFalse();
                    assertThat(b.thresholds()).containsExactly(new BigDecimal("0.5"), new BigDecimal("0.8"));
                });
        assertThat(budgets).filteredOn(b -> b.subject().equals("qa")).singleElement()
                .satisfies(b -> assertThat(b.period()).isEqualTo(BudgetPeriod.QUARTERLY));

        SpendPolicy policy = ConfigurationApplier.spendPolicyOf(loaded.config());
        assertThat(policy.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(policy.fiscalYearStartMonth()).isEqualTo(4);
        assertThat(policy.hardByDefault()).isFalse();
        assertThat(policy.softGrace()).isNull();
        assertThat(policy.throttleRequestsPerMinute()).isEqualTo(30);
        assertThat(policy.downgrade().replacementFor("claude-opus-4-1")).contains("claude-sonnet-4-5");
        assertThat(policy.downgrade().replacementFor("gpt-4o")).contains("gpt-4o-mini");
        assertThat(policy.defaultThresholds()).containsExactly(new BigDecimal("0.5"), new BigDecimal("0.9"));
        assertThat(policy.failClosed()).isFalse();
        assertThat(policy.rateLimits().perKey().requestsPerMinute()).isEqualTo(60);
        assertThat(policy.rateLimits().users()).containsKey("ci@acme.example");
    }

    @Test
    void aDisabledSectionDeclaresNoBudgets() {
        AurelisConfig config = ConfigurationLoader.load("""
                cost_management:
                  enabled: false
                  budgets: { organization: { monthly_limit: 10 } }
                """, Map.of()).config();

        assertThat(ConfigurationApplier.budgetsOf(config, TenantId.of("t"))).isEmpty();
        assertThat(ConfigurationApplier.spendPolicyOf(config).userLimits()).isNull();
    }

    @Test
    void reportsAnAllocationThatNamesNoOrSeveralSubjects() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> ConfigurationLoader.load("""
                cost_management:
                  budgets:
                    allocations:
                      - { budget: 10 }
                      - { team: a, user: b@example.com, budget: 10 }
                """, Map.of()));

        assertThat(e.problems()).extracting(ConfigurationProblem::path)
                .containsExactly("cost_management.budgets.allocations[0]", "cost_management.budgets.allocations[1]");
        assertThat(e.problems().get(1).reason()).contains("exactly one of team, department, user, project or cost_center");
    }

    @Test
    void reportsADowngradeToAModelNoProviderServesAndAFiscalMonthOutOfRange() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> ConfigurationLoader.load("""
                providers:
                  - { name: p, type: openai, models: [gpt-4o] }
                cost_management:
                  fiscal_year_start_month: 13
                  enforcement:
                    downgrade: { to: gpt-4o-nano }
                """, Map.of()));

        assertThat(e.problems()).extracting(ConfigurationProblem::path)
                .contains("cost_management.fiscal_year_start_month", "cost_management.enforcement.downgrade.to");
    }
}
