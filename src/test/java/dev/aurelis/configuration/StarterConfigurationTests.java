package dev.aurelis.configuration;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The commented starter file {@code examples/aurelis.yaml} that new installations copy. */
class StarterConfigurationTests {

    private static final Path STARTER = Path.of("examples", "aurelis.yaml");

    @Test
    void loadsWithoutWarningsWhenItsVariablesAreSet() {
        LoadedConfiguration loaded = ConfigurationLoader.load(STARTER,
                Map.of("GITHUB_TOKEN", "ghp_starter", "ANTHROPIC_API_KEY", "sk-ant-starter"));

        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void listsTheProviderKeysThatAreNotSet() {
        LoadedConfiguration loaded = ConfigurationLoader.load(STARTER, Map.of());

        assertThat(loaded.unknownKeys()).isEmpty();
        assertThat(loaded.unresolvedVariables()).containsExactly("GITHUB_TOKEN", "ANTHROPIC_API_KEY");
    }

    @Test
    void describesAnOrganizationWithTwoDepartmentsAndTwoTeams() {
        AurelisConfig config = load();

        assertThat(config.organization().id()).isEqualTo("acme");
        assertThat(config.organization().timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.environment()).isEqualTo("development");
        assertThat(config.departments()).containsOnlyKeys("engineering", "data_science");
        assertThat(config.rbac().userGroups()).containsOnlyKeys("platform", "analytics");
        assertThat(config.rbac().userGroups().get("platform").costCenter()).isEqualTo("ENG-110");
        assertThat(config.rbac().userGroups().get("analytics").allowsModel("gpt-4o")).isFalse();
    }

    @Test
    void servesGithubModelsUnderShortNamesAndTheirCatalogueIds() {
        AurelisConfig config = load();

        Provider github = config.provider("github-models").orElseThrow();
        assertThat(github.type()).isEqualTo(ProviderType.GITHUB);
        assertThat(config.apiKeyOf(github)).contains("ghp_starter");
        assertThat(github.models()).extracting(ProviderModel::name, ProviderModel::id).containsExactly(
                tuple("gpt-4o", "openai/gpt-4o"),
                tuple("gpt-4o-mini", "openai/gpt-4o-mini"),
                tuple("codestral-2501", "mistral-ai/codestral-2501"),
                tuple("cohere-command-r", "cohere/cohere-command-r-08-2024"));
    }

    @Test
    void addsAnAnthropicProviderAndAnOnPremiseOllama() {
        AurelisConfig config = load();

        Provider anthropic = config.provider("anthropic").orElseThrow();
        assertThat(anthropic.type().speaksAnthropic()).isTrue();
        assertThat(anthropic.apiKey()).isEqualTo("sk-ant-starter");
        Provider ollama = config.provider("local-ollama").orElseThrow();
        assertThat(ollama.onPremise()).isTrue();
        assertThat(ollama.effectiveBaseUrl()).hasValueSatisfying(url ->
                assertThat(url).hasToString("http://localhost:11434/v1"));
        assertThat(ollama.model("qwen2.5-coder")).map(ProviderModel::id).contains("qwen2.5-coder:7b");
        assertThat(ollama.model("nomic-embed-text")).hasValueSatisfying(model ->
                assertThat(model.embeddings()).isTrue());
    }

    @Test
    void overridesPrices() {
        AurelisConfig config = load();

        assertThat(config.pricing().get("claude-sonnet-4-5").cacheWrite()).isEqualTo(new BigDecimal("3.75"));
        assertThat(config.pricing().get("qwen2.5-coder").output()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    private static AurelisConfig load() {
        return ConfigurationLoader.load(STARTER,
                Map.of("GITHUB_TOKEN", "ghp_starter", "ANTHROPIC_API_KEY", "sk-ant-starter")).config();
    }
}
