package dev.aurelis.configuration;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Providers, pricing, teams, departments, projects, environments and gateway limits. */
class ProvidersConfigurationTests {

    @Test
    void readsProviderModelsInTheShortAndTheLongForm() {
        Provider provider = load("""
                providers:
                  - name: github-models
                    type: github
                    models:
                      - gpt-4o-mini
                      - name: gpt-4o
                        id: openai/gpt-4o
                        context_window: 128000
                      - { id: openai/text-embedding-3-small, embeddings: true }
                """).providers().getFirst();

        assertThat(provider.models()).containsExactly(
                new ProviderModel("gpt-4o-mini", "gpt-4o-mini", null, false),
                new ProviderModel("gpt-4o", "openai/gpt-4o", 128000, false),
                new ProviderModel("openai/text-embedding-3-small", "openai/text-embedding-3-small", null, true));
        assertThat(provider.model("gpt-4o")).map(ProviderModel::id).contains("openai/gpt-4o");
        assertThat(provider.model("gpt-5")).isEmpty();
    }

    @Test
    void readsEveryProviderSetting() {
        Provider provider = load("""
                providers:
                  - name: azure-eu
                    type: azure_openai
                    base_url: https://acme-eu.openai.azure.com/openai/v1
                    api_key: "${AZURE_KEY}"
                    api_version: "2025-04-01-preview"
                    region: westeurope
                    headers: { X-Team: platform }
                    timeout: 60
                    supports_responses: false
                    models: [gpt-4o]
                """, Map.of("AZURE_KEY", "azure-secret")).providers().getFirst();

        assertThat(provider.name()).isEqualTo("azure-eu");
        assertThat(provider.type()).isEqualTo(ProviderType.AZURE_OPENAI);
        assertThat(provider.effectiveBaseUrl()).contains(URI.create("https://acme-eu.openai.azure.com/openai/v1"));
        assertThat(provider.apiKey()).isEqualTo("azure-secret");
        assertThat(provider.apiVersion()).isEqualTo("2025-04-01-preview");
        assertThat(provider.region()).isEqualTo("westeurope");
        assertThat(provider.onPremise()).isFalse();
        assertThat(provider.headers()).containsExactly(Map.entry("X-Team", "platform"));
        assertThat(provider.timeoutDuration()).contains(Duration.ofMinutes(1));
        assertThat(provider.supportsResponses()).isFalse();
        assertThat(provider.effectiveSupportsResponses()).isFalse();
    }

    @Test
    void fallsBackToTheTypesBaseUrlAndResponsesSupport() {
        List<Provider> providers = load("""
                providers:
                  - { name: openai, type: openai, models: [gpt-4o] }
                  - { name: local, type: ollama, on_premise: true, models: [llama3.1] }
                  - { name: claude, type: Anthropic, models: [claude-sonnet-4-5] }
                """).providers();

        assertThat(providers).extracting(Provider::effectiveBaseUrl).containsExactly(
                Optional.of(URI.create("https://api.openai.com/v1")),
                Optional.of(URI.create("http://localhost:11434/v1")),
                Optional.of(URI.create("https://api.anthropic.com")));
        assertThat(providers).extracting(Provider::effectiveSupportsResponses).containsExactly(true, false, false);
        assertThat(providers.get(1).onPremise()).isTrue();
        assertThat(providers.get(1).supportsResponses()).as("not stated").isNull();
        assertThat(providers.get(1).timeoutDuration()).isEmpty();
    }

    @Test
    void describesEachProviderTypesWireFormatAndEndpoint() {
        assertThat(ProviderType.values()).extracting(ProviderType::configName).containsExactly(
                "openai", "github", "azure_openai", "mistral", "ollama", "vllm", "lmstudio", "openai_compatible",
                "anthropic");
        assertThat(ProviderType.ANTHROPIC.speaksAnthropic()).isTrue();
        assertThat(ProviderType.ANTHROPIC.protocol()).isEqualTo(ProviderType.Protocol.ANTHROPIC);
        assertThat(ProviderType.values()).filteredOn(type -> type != ProviderType.ANTHROPIC)
                .allSatisfy(type -> assertThat(type.speaksOpenAi()).isTrue());
        assertThat(ProviderType.GITHUB.defaultBaseUrl()).contains(URI.create("https://models.github.ai/inference"));
        assertThat(ProviderType.MISTRAL.defaultBaseUrl()).contains(URI.create("https://api.mistral.ai/v1"));
        assertThat(ProviderType.VLLM.defaultBaseUrl()).contains(URI.create("http://localhost:8000/v1"));
        assertThat(ProviderType.LMSTUDIO.defaultBaseUrl()).contains(URI.create("http://localhost:1234/v1"));
        assertThat(ProviderType.values()).filteredOn(ProviderType::requiresBaseUrl)
                .containsExactly(ProviderType.AZURE_OPENAI, ProviderType.OPENAI_COMPATIBLE);
    }

    @Test
    void usesTheTopLevelGithubTokenForAGithubProviderWithoutKey() {
        AurelisConfig config = load("""
                github_token: ghp_top
                providers:
                  - { name: github, type: github, models: [gpt-4o] }
                  - { name: github-other, type: github, api_key: ghp_own, models: [gpt-4o] }
                  - { name: local, type: vllm, models: [qwen] }
                """);

        assertThat(config.providers()).extracting(config::apiKeyOf).containsExactly(
                Optional.of("ghp_top"), Optional.of("ghp_own"), Optional.empty());
        assertThat(config.provider("local")).map(Provider::type).contains(ProviderType.VLLM);
        assertThat(config.servedModelNames()).containsExactly("gpt-4o", "qwen");
    }

    @Test
    void readsPricesAsExactDecimals() {
        AurelisConfig config = load("""
                pricing_currency: EUR
                pricing:
                  gpt-4o: { input: 2.50, output: 10.00, cached_input: 1.25 }
                  claude-sonnet-4-5:
                    input: 3
                    output: 15
                    cached_input: 0.30
                    cache_write: 3.75
                """);

        assertThat(config.pricingCurrency().getCurrencyCode()).isEqualTo("EUR");
        ModelPrice gpt4o = config.pricing().get("gpt-4o");
        assertThat(gpt4o.input()).isEqualTo(new BigDecimal("2.50"));
        assertThat(gpt4o.output()).isEqualByComparingTo("10");
        assertThat(gpt4o.cachedInput()).isEqualTo(new BigDecimal("1.25"));
        assertThat(gpt4o.cacheWrite()).isNull();
        assertThat(gpt4o.effectiveCacheWrite()).isEqualTo(new BigDecimal("2.50"));
        ModelPrice sonnet = config.pricing().get("claude-sonnet-4-5");
        assertThat(sonnet.cachedInput()).isEqualTo(new BigDecimal("0.30"));
        assertThat(sonnet.cacheWrite()).isEqualTo(new BigDecimal("3.75"));
    }

    @Test
    void readsTeamsWithRolesCostCentersDepartmentsModelsAndMembers() {
        AurelisConfig config = load("""
                departments:
                  engineering: { display_name: Engineering, cost_center: ENG-100 }
                  platform: { display_name: Platform, cost_center: ENG-110, parent: engineering }
                cost_management:
                  budgets:
                    departments:
                      data_science: { monthly_limit: 3000 }
                rbac:
                  roles:
                    prompt_engineer: { permissions: ["models:use", "prompts:write"] }
                  user_groups:
                    engineering:
                      roles: ["developer", "team_lead"]
                      cost_center: "ENG-001"
                    architects:
                      roles: [team_lead, admin, prompt_engineer]
                      cost_center: ENG-002
                      department: platform
                      models: [gpt-4o, claude-sonnet-4-5]
                      members: [ada@acme.example, grace@acme.example]
                    data:
                      roles: [viewer]
                      department: data_science
                """);

        Map<String, UserGroup> teams = config.rbac().userGroups();
        assertThat(teams).containsOnlyKeys("engineering", "architects", "data");
        UserGroup engineering = teams.get("engineering");
        assertThat(engineering.roles()).containsExactly("developer", "team_lead");
        assertThat(engineering.costCenter()).isEqualTo("ENG-001");
        assertThat(engineering.models()).isEmpty();
        assertThat(engineering.allowsModel("anything")).isTrue();
        UserGroup architects = teams.get("architects");
        assertThat(architects.department()).isEqualTo("platform");
        assertThat(architects.members()).containsExactly("ada@acme.example", "grace@acme.example");
        assertThat(architects.allowsModel("gpt-4o")).isTrue();
        assertThat(architects.allowsModel("gpt-4o-mini")).isFalse();
        assertThat(config.rbac().isKnownRole("prompt_engineer")).isTrue();
        assertThat(config.rbac().isKnownRole("auditor")).isTrue();
        assertThat(config.departments().get("platform")).isEqualTo(
                new Department("Platform", "ENG-110", "engineering"));
        assertThat(config.departmentNames()).containsExactly("engineering", "platform", "data_science");
    }

    @Test
    void readsProjects() {
        AurelisConfig config = load("""
                projects:
                  checkout: { display_name: "Checkout rewrite", cost_center: ENG-310 }
                  internal-tools:
                """);

        assertThat(config.projects().get("checkout")).isEqualTo(new Project("Checkout rewrite", "ENG-310", List.of(), List.of()));
        assertThat(config.projects().get("internal-tools")).isEqualTo(Project.defaults());
    }

    @Test
    void readsEnvironmentProfilesAsOverrides() {
        LoadedConfiguration loaded = ConfigurationLoader.load("""
                environment: production
                environments:
                  development:
                    github_token: "${DEV_GITHUB_TOKEN}"
                    models: { primary: gpt-4o-mini, fallback: codestral-2501 }
                  production:
                    github_token: "${PROD_GITHUB_TOKEN}"
                    models:
                      primary: "codestral-2501"
                      fallback: "gpt-4o"
                    high_availability:
                      enabled: true
                      replicas: 5
                    disaster_recovery:
                      enabled: true
                      backup_frequency: "4h"
                """, Map.of("PROD_GITHUB_TOKEN", "ghp_prod"));
        AurelisConfig config = loaded.config();

        assertThat(config.environments().get("development").githubToken()).isNull();
        EnvironmentProfile production = config.activeEnvironmentProfile().orElseThrow();
        assertThat(config.activeGithubToken()).isEqualTo("ghp_prod");
        assertThat(production.models()).isEqualTo(new EnvironmentProfile.ModelChoice("codestral-2501", "gpt-4o"));
        assertThat(config.activeEnvironmentProfile().orElseThrow().highAvailability().replicas()).isEqualTo(5);
        // the environment's HA switches and disaster recovery are rendered by `aurelis deploy values` (ADR 0061)
        assertThat(loaded.notYetEnforced()).isEmpty();
    }

    @Test
    void readsGatewayLimitsAsSizes() {
        assertThat(load("gateway: { max_body_size: 512KB }").gateway().maxBodySize().bytes()).isEqualTo(512_000);
        assertThat(load("gateway: { max_body_size: 8MiB }").gateway().maxBodySize().bytes()).isEqualTo(8 << 20);
        assertThat(load("gateway: { max_body_size: 1048576 }").gateway().maxBodySize())
                .isEqualTo(ByteSize.ofMebibytes(1));
        assertThat(load("gateway: { default_max_tokens: 8192 }").gateway().defaultMaxTokens()).isEqualTo(8192);
    }

    @Test
    void parsesAndPrintsSizesWithStrictUnits() {
        assertThat(ByteSize.parse("32MiB")).isEqualTo(ByteSize.ofMebibytes(32));
        assertThat(ByteSize.parse("1.5 gib").bytes()).isEqualTo(3L << 29);
        assertThat(ByteSize.parse("2MB").bytes()).isEqualTo(2_000_000);
        assertThat(ByteSize.parse("100").bytes()).isEqualTo(100);
        assertThat(ByteSize.ofMebibytes(32)).hasToString("32MiB");
        assertThat(ByteSize.ofBytes(1500)).hasToString("1500B");
        assertThat(ByteSize.parse(ByteSize.ofBytes(3 << 10).toString())).isEqualTo(ByteSize.ofBytes(3 << 10));
        assertThatThrownBy(() -> ByteSize.parse("-1MiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsRequestDefaultsFromVariablesWithDefaults() {
        AurelisConfig config = load("""
                models:
                  timeout: ${TIMEOUT:-45}
                security:
                  mfa_required: ${MFA:-true}
                """);

        assertThat(config.models().timeoutDuration()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.security().mfaRequired()).isTrue();
    }

    private static AurelisConfig load(String yaml) {
        return load(yaml, Map.of());
    }

    private static AurelisConfig load(String yaml, Map<String, String> environment) {
        LoadedConfiguration loaded = ConfigurationLoader.load(yaml, environment);
        assertThat(loaded.unknownKeys()).isEmpty();
        return loaded.config();
    }
}
