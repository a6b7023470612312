package dev.aurelis.configuration;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class InvalidConfigurationTests {

    @Test
    void rejectsAValueOfTheWrongType() {
        assertSingleProblem("""
                models:
                  max_tokens: lots
                """, "models.max_tokens", "'lots' is not a whole number", 2);
    }

    @Test
    void rejectsAFractionWhereAWholeNumberIsExpected() {
        assertSingleProblem("""
                analytics:
                  raw_data_retention_days: 1.5
                """, "analytics.raw_data_retention_days", "'1.5' is not a whole number", 2);
    }

    @Test
    void rejectsANumberTooLargeForItsKey() {
        assertSingleProblem("""
                security:
                  key_rotation_days: 99999999999
                """, "security.key_rotation_days", "'99999999999' is out of range", 2);
    }

    @Test
    void refusesToSwitchOffEncryptionAtRest() {
        assertSingleProblem("""
                security:
                  encryption_at_rest: false
                """, "security.encryption_at_rest", "cannot be switched off: secrets kept in the database (TOTP seeds) are sealed with AES-256-GCM "
                + "envelope keys; set it to true or leave it out (found false)", 2);
    }

    @Test
    void refusesAnAlgorithmAtRestOtherThanAesGcm() {
        assertSingleProblem("""
                security:
                  encryption:
                    at_rest:
                      algorithm: AES-128-CBC
                """, "security.encryption.at_rest.algorithm", "must be AES-256-GCM, the one algorithm Aurelis seals with (found 'AES-128-CBC')", 4);
    }

    @Test
    void rejectsAListWhereASectionIsExpected() {
        assertSingleProblem("""
                security:
                  - SOC2
                """, "security", "must be a mapping, but is a list", 1);
    }

    @Test
    void rejectsAnUnknownProviderTypeAndListsTheKnownOnes() {
        assertSingleProblem("""
                providers:
                  - name: acme
                    type: acme_ai
                    models: [m]
                """, "providers[0].type", "'acme_ai' is not one of: openai, github, azure_openai, mistral, ollama, "
                + "vllm, lmstudio, openai_compatible, anthropic", 3);
    }

    @Test
    void rejectsAnUnknownRoutingStrategy() {
        assertSingleProblem("""
                models:
                  routing_strategy: random
                """, "models.routing_strategy", "'random' is not one of: intelligent, fixed, task, "
                + "cost_optimized, latency_optimized", 2);
    }

    @Test
    void rejectsANegativeBudgetLimit() {
        assertSingleProblem("""
                cost_management:
                  budgets:
                    departments:
                      qa:
                        monthly_limit: -100
                """, "cost_management.budgets.departments.qa.monthly_limit", "must not be negative (found -100)", 5);
    }

    @Test
    void rejectsAWarningThresholdAboveOne() {
        assertSingleProblem("""
                cost_management:
                  budgets:
                    departments:
                      qa:
                        monthly_limit: 10000
                        warning_threshold: 1.2
                """, "cost_management.budgets.departments.qa.warning_threshold",
                "must be between 0 and 1 (found 1.2)", 6);
    }

    @Test
    void rejectsANegativeWarningThreshold() {
        assertSingleProblem("""
                cost_management:
                  budgets:
                    organization: { monthly_limit: 10, warning_threshold: -0.1 }
                """, "cost_management.budgets.organization.warning_threshold",
                "must be between 0 and 1 (found -0.1)", 3);
    }

    @Test
    void rejectsANegativeEnvironmentCostLimit() {
        assertSingleProblem("""
                environments:
                  staging:
                    cost_limits:
                      daily: -1
                """, "environments.staging.cost_limits.daily", "must not be negative (found -1)", 4);
    }

    @Test
    void rejectsATimeZoneThatIsNotAnIanaZone() {
        assertSingleProblem("""
                organization:
                  time_zone: Mars/Olympus_Mons
                """, "organization.time_zone",
                "'Mars/Olympus_Mons' is not an IANA time zone such as UTC or Europe/Paris", 2);
    }

    @Test
    void rejectsATenantIdThatCannotServeAsAnIdentifier() {
        assertSingleProblem("""
                organization:
                  id: acme
                  tenant_id: "acme/prod"
                """, "organization.tenant_id", "must be 1 to 63 letters, digits, '.', '_' or '-', starting with a "
                + "letter or digit (found 'acme/prod')", 3);
    }

    @Test
    void rejectsAnUnknownCurrency() {
        assertSingleProblem("pricing_currency: DOUBLOONS\n", "pricing_currency",
                "'DOUBLOONS' is not an ISO 4217 currency code such as USD or EUR", 1);
    }

    @Test
    void rejectsAProviderWithoutNameOrModels() {
        List<ConfigurationProblem> problems = problemsOf("""
                providers:
                  - type: openai
                    models: []
                """);

        assertThat(problems).extracting(ConfigurationProblem::path, ConfigurationProblem::reason).containsExactly(
                tuple("providers[0].name", "must name the provider"),
                tuple("providers[0].models", "must list at least one model"));
    }

    @Test
    void rejectsAProviderWithoutType() {
        assertSingleProblem("""
                providers:
                  - name: somewhere
                    models: [m]
                """, "providers[0].type", "must state the provider type", 2);
    }

    @Test
    void rejectsAzureOpenAiWithoutBaseUrl() {
        assertSingleProblem("""
                providers:
                  - name: azure
                    type: azure_openai
                    api_key: k
                    models: [gpt-4o]
                """, "providers[0].base_url", "is required for a provider of type azure_openai", 2);
    }

    @Test
    void rejectsAnOpenAiCompatibleProviderWithoutBaseUrl() {
        assertSingleProblem("""
                providers:
                  - name: gateway
                    type: openai_compatible
                    models: [m]
                """, "providers[0].base_url", "is required for a provider of type openai_compatible", 2);
    }

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        assertSingleProblem("""
                providers:
                  - name: local
                    type: ollama
                    base_url: "localhost:11434"
                    models: [llama]
                """, "providers[0].base_url",
                "'localhost:11434' is not an http or https URL such as https://example.com/v1", 4);
    }

    @Test
    void rejectsTwoProvidersWithTheSameName() {
        assertSingleProblem("""
                providers:
                  - name: openai
                    type: openai
                    models: [gpt-4o]
                  - name: openai
                    type: github
                    models: [gpt-4o]
                """, "providers[1].name",
                "'openai' is already the name of providers[0]; provider names must be unique", 5);
    }

    @Test
    void rejectsAModelListedTwiceForOneProvider() {
        assertSingleProblem("""
                providers:
                  - name: openai
                    type: openai
                    models: [gpt-4o, { name: gpt-4o, id: gpt-4o-2024-08-06 }]
                """, "providers[0].models[1]", "'gpt-4o' is listed twice for this provider", 4);
    }

    @Test
    void rejectsATeamRoleThatIsNeitherBuiltInNorDeclared() {
        List<ConfigurationProblem> problems = problemsOf("""
                rbac:
                  roles:
                    prompt_engineer:
                      permissions: ["models:use"]
                  user_groups:
                    platform:
                      roles: ["developer", "prompt_engineer", "wizard"]
                """);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("rbac.user_groups.platform.roles[2]");
            assertThat(problem.reason()).startsWith(
                    "'wizard' is neither a built-in role nor declared under rbac.roles (known roles: admin, ");
            assertThat(problem.reason()).contains("prompt_engineer");
            assertThat(problem.line()).isEqualTo(7);
        });
    }

    @Test
    void rejectsAScimRoleThatIsNeitherBuiltInNorDeclared() {
        List<ConfigurationProblem> problems = problemsOf("""
                integrations:
                  scim:
                    allowed_roles: ["developer", "wizard"]
                """);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("integrations.scim.allowed_roles[1]");
            assertThat(problem.reason()).startsWith("'wizard' is neither a built-in role nor declared under rbac.roles");
        });
    }

    @Test
    void rejectsATeamInAnUnknownDepartment() {
        assertSingleProblem("""
                departments:
                  engineering: { cost_center: ENG-1 }
                cost_management:
                  budgets:
                    departments:
                      qa: { monthly_limit: 10 }
                rbac:
                  user_groups:
                    platform: { roles: [developer], department: enginering }
                """, "rbac.user_groups.platform.department",
                "'enginering' is not a department (departments: engineering, qa)", 9);
    }

    @Test
    void rejectsAnInvalidMemberAddress() {
        assertSingleProblem("""
                rbac:
                  user_groups:
                    platform:
                      members: ["alice@acme.example", "bob at acme"]
                """, "rbac.user_groups.platform.members[1]", "is not an e-mail address (found 'bob at acme')", 4);
    }

    @Test
    void rejectsADepartmentWhoseParentIsUnknownOrItself() {
        List<ConfigurationProblem> problems = problemsOf("""
                departments:
                  platform: { parent: engineering }
                  research: { parent: research }
                """);

        assertThat(problems).extracting(ConfigurationProblem::path, ConfigurationProblem::reason).containsExactly(
                tuple("departments.platform.parent",
                        "'engineering' is not a department (departments: platform, research)"),
                tuple("departments.research.parent", "'research' makes research its own ancestor"));
    }

    @Test
    void rejectsARoutingChoiceThatNoProviderServesOnceProvidersAreDeclared() {
        assertSingleProblem("""
                models:
                  primary: gpt-4o
                  preferences:
                    code_review: claude-opus
                providers:
                  - name: openai
                    type: openai
                    models: [gpt-4o]
                """, "models.preferences.code_review",
                "'claude-opus' is not served by any provider under providers (served: gpt-4o)", 4);
    }

    @Test
    void rejectsMoreReplicasAtMinimumThanAtMaximum() {
        assertSingleProblem("""
                high_availability:
                  min_replicas: 5
                  max_replicas: 2
                """, "high_availability.max_replicas", "must be at least min_replicas (5) but is 2", 3);
    }

    @Test
    void rejectsABackupStrategyOtherThanTheBriefs() {
        assertSingleProblem("""
                high_availability:
                  backup_strategy: "nightly"
                """, "high_availability.backup_strategy", "'nightly' is not a backup strategy (accepted: automated; "
                + "leave it out for backups on demand only)", 2);
    }

    @Test
    void rejectsABackupFrequencyWithoutUnit() {
        assertSingleProblem("""
                high_availability:
                  backup_frequency: "often"
                """, "high_availability.backup_frequency", "'often' is not a duration such as 30m, 4h or 1d", 2);
    }

    @Test
    void rejectsABodySizeInUnknownUnits() {
        assertSingleProblem("""
                gateway:
                  max_body_size: 32 furlongs
                """, "gateway.max_body_size", "'32 furlongs' is not a size such as 32MiB, 512KB or 1048576", 2);
    }

    @Test
    void rejectsAPriceWithoutOutputOrBelowZero() {
        List<ConfigurationProblem> problems = problemsOf("""
                pricing:
                  gpt-4.1:
                    input: -2
                  my-model:
                """);

        assertThat(problems).extracting(ConfigurationProblem::path, ConfigurationProblem::reason).containsExactly(
                tuple("pricing[\"gpt-4.1\"].output", "must state the price per million output tokens"),
                tuple("pricing[\"gpt-4.1\"].input", "must not be negative (found -2)"),
                tuple("pricing.my-model", "must state input and output prices"));
    }

    @Test
    void rejectsAPriceOutOfRange() {
        List<ConfigurationProblem> problems = problemsOf("""
                pricing:
                  gpt-4.1: { input: 1e999999999, output: 2 }
                """);

        assertThat(problems).extracting(ConfigurationProblem::path).containsExactly("pricing[\"gpt-4.1\"].input");
        assertThat(problems.get(0).reason()).startsWith("must be at most 1,000,000 per million tokens");
    }

    @Test
    void rejectsTextThatIsNotYaml() {
        assertSingleProblem("models: [gpt-4o\n", "", "is not valid YAML: while parsing a flow sequence; "
                + "expected ',' or ']', but got <stream end>", 1);
    }

    @Test
    void rejectsAKeyWrittenTwice() {
        assertSingleProblem("""
                organization:
                  id: one
                  id: two
                """, "", "is not valid YAML: Duplicate Object property \"id\"", 3);
    }

    @Test
    void rejectsADocumentThatIsNotAMapping() {
        assertSingleProblem("- organization\n", "",
                "must be a mapping of sections such as organization: and models:, but is a list", 1);
    }

    @Test
    void reportsEveryProblemAtOnceInLineOrder() {
        InvalidConfigurationException exception = invalid("""
                organization:
                  id: "not a valid id!"
                models:
                  temperature: 3
                  timeout: 0
                """);

        assertThat(exception.problems()).extracting(ConfigurationProblem::line).containsExactly(2, 4, 5);
        assertThat(exception.source()).isEmpty();
        assertThat(exception.getMessage()).isEqualTo("""
                Invalid configuration (3 problems):
                  line 2: organization.id: must be 1 to 63 letters, digits, '.', '_' or '-', starting with a \
                letter or digit (found 'not a valid id!')
                  line 4: models.temperature: must be between 0 and 2 (found 3.0)
                  line 5: models.timeout: must be at least 1 second (found 0)""");
    }

    @Test
    void rejectsADeviceLoginPollIntervalThatIsNotWholeSeconds() {
        assertSingleProblem("""
                integrations:
                  sso:
                    device_login:
                      poll_interval: PT1.5S
                """, "integrations.sso.device_login.poll_interval", "must be a whole number of seconds, 0s or more", 4);
        assertThat(ConfigurationLoader.load("""
                integrations:
                  sso:
                    device_login: { poll_interval: 0s }
                """, Map.of()).config().integrations().sso().deviceLogin().pollInterval()).isZero();
    }

    @Test
    void refusesToSwitchOffWhatAurelisAlwaysDoes() {
        assertSingleProblem("""
                rbac:
                  enabled: false
                """, "rbac.enabled", "cannot be switched off: every admin call and gateway call is checked against "
                + "the caller's roles; set it to true or leave it out (found false)", 2);
        assertSingleProblem("""
                enterprise: { tenant_isolation: false }
                """, "enterprise.tenant_isolation", "cannot be switched off: every tenant's rows are isolated by "
                + "PostgreSQL row-level security; set it to true or leave it out (found false)", 1);
        assertThat(ConfigurationLoader.load("rbac: { enabled: true }\nanalytics: { usage_tracking: true }\n", Map.of())
                .notYetEnforced()).isEmpty();
    }

    private static void assertSingleProblem(String yaml, String path, String reason, int line) {
        InvalidConfigurationException exception = invalid(yaml);

        assertThat(exception.problems()).singleElement().isEqualTo(new ConfigurationProblem(path, reason, line));
        assertThat(exception.getMessage()).isEqualTo("Invalid configuration: line " + line + ": "
                + (path.isEmpty() ? "(document)" : path) + ": " + reason);
    }

    private static List<ConfigurationProblem> problemsOf(String yaml) {
        return invalid(yaml).problems();
    }

    private static InvalidConfigurationException invalid(String yaml) {
        InvalidConfigurationException exception = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load(yaml, Map.of()));
        assertThat(exception).as("loading should have failed").isNotNull();
        return exception;
    }
}
