package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.DetectedTask;
import dev.aurelis.routing.RoutePlan;
import dev.aurelis.routing.RouteRequest;
import dev.aurelis.routing.Router;
import dev.aurelis.routing.RoutingClock;
import dev.aurelis.routing.RoutingSettings;
import dev.aurelis.routing.Task;
import dev.aurelis.spend.Prices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The routing section, the task strategy, and environments chosen by AURELIS_ENVIRONMENT. */
class RoutingConfigurationTests {

    private static final String PROVIDERS = """
            providers:
              - name: azure-east
                type: azure_openai
                base_url: https://east.example.com
                region: us-east
                models: [gpt-4o, { name: gpt-4o-mini, context_window: 128000 }]
              - name: openai
                type: openai
                region: us
                models: [gpt-4o, gpt-4.1]
              - name: anthropic
                type: anthropic
                models: [claude-sonnet-4-5]
            """;

    @Test
    void readsAliasesTiersTasksFallbacksRetriesAndBreakers() {
        LoadedConfiguration loaded = ConfigurationLoader.load(PROVIDERS + """
                models:
                  routing_strategy: task
                  primary: coder
                routing:
                  auto_model: aurelis-auto
                  tiers: { gpt-4o: 3, claude-sonnet-4-5: 3, gpt-4o-mini: 1 }
                  tasks:
                    code_review: [gpt-4o, claude-sonnet-4-5]
                  aliases:
                    coder:
                      balance: least_latency
                      deployments:
                        - { provider: azure-east, model: gpt-4o, weight: 3 }
                        - { provider: openai, model: gpt-4o }
                  fallbacks:
                    gpt-4o: [claude-sonnet-4-5, gpt-4o-mini]
                    gpt-4o-mini: []
                  retry: { max_retries: 2, backoff: 250ms, max_backoff: 4s, max_retry_after: 20s }
                  circuit_breaker: { failure_rate: 0.4, minimum_calls: 10, window: 50, cooldown: 1m, half_open_calls: 2 }
                """, Map.of());

        assertThat(loaded.unknownKeys()).isEmpty();
        AurelisConfig config = loaded.config();
        assertThat(config.models().routingStrategy()).isEqualTo(RoutingStrategy.TASK);
        Routing routing = config.routing();
        assertThat(routing.autoModel()).isEqualTo("aurelis-auto");
        assertThat(routing.tiers()).containsEntry("gpt-4o", 3).containsEntry("gpt-4o-mini", 1);
        assertThat(routing.tasks()).containsEntry("code_review", List.of("gpt-4o", "claude-sonnet-4-5"));
        Routing.Alias coder = routing.aliases().get("coder");
        assertThat(coder.balance()).isEqualTo(Routing.Balance.LEAST_LATENCY);
        assertThat(coder.deployments()).containsExactly(new Routing.AliasDeployment("azure-east", "gpt-4o", 3),
                new Routing.AliasDeployment("openai", "gpt-4o", 1));
        assertThat(routing.fallbacks()).containsEntry("gpt-4o-mini", List.of());
        assertThat(routing.retry()).isEqualTo(new Routing.Retry(2, Duration.ofMillis(250), Duration.ofSeconds(4),
                Duration.ofSeconds(20)));
        assertThat(routing.circuitBreaker()).isEqualTo(new Routing.CircuitBreaker(true, new BigDecimal("0.4"), 10, 50,
                Duration.ofMinutes(1), 2));
    }

    @Test
    void defaultsToTheAutoModelOneRetryAndABreakerPerDeployment() {
        Routing routing = ConfigurationLoader.load("", Map.of()).config().routing();

        assertThat(routing.autoModel()).isEqualTo("auto");
        assertThat(routing.aliases()).isEmpty();
        assertThat(routing.retry()).isEqualTo(new Routing.Retry(1, Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofSeconds(10)));
        assertThat(routing.circuitBreaker().enabled()).isTrue();
        assertThat(routing.circuitBreaker().failureRate()).isEqualByComparingTo("0.5");
        assertThat(routing.circuitBreaker().cooldown()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void reportsEveryRoutingMistakeWithItsPath() {
        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load(PROVIDERS + """
                        models:
                          preferences:
                            code_reviews: gpt-4o
                        routing:
                          auto_model: gpt-4o
                          tiers: { gpt-5: 4 }
                          tasks:
                            testing: [gpt-4o]
                          aliases:
                            coder:
                              deployments:
                                - { provider: azure-west, model: gpt-4o }
                                - { provider: anthropic, model: gpt-4o, weight: 0 }
                          circuit_breaker: { failure_rate: 1.5 }
                        """, Map.of()));

        assertThat(invalid.problems()).extracting(ConfigurationProblem::path, ConfigurationProblem::reason).contains(
                tuple("models.preferences.code_reviews", "'code_reviews' is not a task Aurelis routes (tasks: "
                        + "code_generation, code_review, documentation, security_analysis, performance_optimization, general)"),
                tuple("routing.auto_model", "'gpt-4o' is also the name of a served model or alias; choose another name "
                        + "for letting Aurelis choose"),
                tuple("routing.tiers.gpt-5", "'gpt-5' is not served by any provider under providers (served: gpt-4o, "
                        + "gpt-4o-mini, gpt-4.1, claude-sonnet-4-5, coder)"),
                tuple("routing.tasks.testing", "'testing' is not a task Aurelis routes (tasks: code_generation, "
                        + "code_review, documentation, security_analysis, performance_optimization, general)"),
                tuple("routing.aliases.coder.deployments[0].provider", "'azure-west' is not a provider under providers "
                        + "(azure-east, openai, anthropic)"),
                tuple("routing.aliases.coder.deployments[1].model", "'gpt-4o' is not a model of provider 'anthropic' "
                        + "(models: claude-sonnet-4-5)"),
                tuple("routing.aliases.coder.deployments[1].weight", "must be at least 1 (found 0)"),
                tuple("routing.circuit_breaker.failure_rate", "must be above 0 and at most 1 (found 1.5)"));
        assertThat(invalid.problems()).allSatisfy(problem -> assertThat(problem.line()).isPositive());
    }

    @Test
    void runsAsTheEnvironmentNamedByAurelisEnvironment() {
        String yaml = PROVIDERS + """
                environment: production
                github_token: "ghp_top"
                models:
                  routing_strategy: intelligent
                  primary: gpt-4o
                  fallback: gpt-4o-mini
                  timeout: 120
                  preferences: { code_review: gpt-4o, documentation: claude-sonnet-4-5 }
                environments:
                  development:
                    github_token: "ghp_dev"
                    models:
                      primary: gpt-4o-mini
                      fallback: claude-sonnet-4-5
                      routing_strategy: fixed
                      timeout: 30
                      preferences: { documentation: gpt-4o-mini }
                  production:
                    models: { primary: gpt-4.1 }
                """;

        AurelisConfig production = ConfigurationLoader.load(yaml, Map.of()).config();
        assertThat(production.environment()).isEqualTo("production");
        assertThat(production.activeModels().primary()).isEqualTo("gpt-4.1");
        assertThat(production.activeModels().fallback()).as("not overridden").isEqualTo("gpt-4o-mini");
        assertThat(production.activeGithubToken()).isEqualTo("ghp_top");

        AurelisConfig development = ConfigurationLoader.load(yaml, Map.of("AURELIS_ENVIRONMENT", "development")).config();
        assertThat(development.environment()).isEqualTo("development");
        ModelSettings models = development.activeModels();
        assertThat(models.primary()).isEqualTo("gpt-4o-mini");
        assertThat(models.fallback()).isEqualTo("claude-sonnet-4-5");
        assertThat(models.routingStrategy()).isEqualTo(RoutingStrategy.FIXED);
        assertThat(models.timeoutDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(models.preferences()).containsExactly(Map.entry("code_review", "gpt-4o"),
                Map.entry("documentation", "gpt-4o-mini"));
        assertThat(development.activeGithubToken()).isEqualTo("ghp_dev");
        assertThat(development.models().primary()).as("the file's own value is kept").isEqualTo("gpt-4o");
    }

    @Test
    void appliesTheActiveEnvironmentToRoutingAndProviders() {
        String yaml = """
                github_token: "ghp_top"
                security: { data_residency: EU }
                models: { primary: gpt-4o, fallback: gpt-4o-mini, preferences: { code_review: gpt-4o } }
                routing:
                  retry: { max_retries: 3 }
                  circuit_breaker: { enabled: false }
                environments:
                  staging:
                    github_token: "ghp_staging"
                    models: { primary: codestral-2501, routing_strategy: task }
                """;
        AurelisConfig config = ConfigurationLoader.load(yaml, Map.of("AURELIS_ENVIRONMENT", "staging")).config();

        RoutingSettings routing = ConfigurationApplier.routingOf(config);
        assertThat(routing.strategy()).isEqualTo(RoutingSettings.Strategy.TASK);
        assertThat(routing.primary()).isEqualTo("codestral-2501");
        assertThat(routing.fallback()).isEqualTo("gpt-4o-mini");
        assertThat(routing.preferences()).containsExactly(Map.entry(Task.CODE_REVIEW, "gpt-4o"));
        assertThat(routing.retry().maxRetries()).isEqualTo(3);
        assertThat(routing.breaker().enabled()).isFalse();
        assertThat(routing.dataResidency()).isEqualTo("EU");

        List<ProviderSettings> providers = ConfigurationApplier.providersOf(config);
        assertThat(providers).singleElement().satisfies(github -> assertThat(github.apiKey()).isEqualTo("ghp_staging"));
    }

    @Test
    void mapsTheTemplatesRoutingToTheRouter() {
        AurelisConfig config = ConfigurationLoader.load(java.nio.file.Path.of("examples", "enterprise.aurelis.yaml"),
                Map.of("GITHUB_ENTERPRISE_TOKEN", "ghp_enterprise")).config();

        RoutingSettings routing = ConfigurationApplier.routingOf(config);

        assertThat(routing.strategy()).isEqualTo(RoutingSettings.Strategy.INTELLIGENT);
        assertThat(routing.primary()).isEqualTo("codestral-2501");
        assertThat(routing.fallback()).isEqualTo("gpt-4o-mini");
        assertThat(routing.preferences()).containsEntry(Task.CODE_GENERATION, "codestral-2501")
                .containsEntry(Task.DOCUMENTATION, "cohere-command-r").hasSize(5);
        assertThat(routing.dataResidency()).isEqualTo("US");
    }

    @Test
    void theTemplatesResidencyAdmitsTheGithubModelsItServesOutOfTheBox() {
        AurelisConfig config = ConfigurationLoader.load(java.nio.file.Path.of("examples", "enterprise.aurelis.yaml"),
                Map.of("GITHUB_ENTERPRISE_TOKEN", "ghp_enterprise")).config();
        List<ProviderSettings> providers = ConfigurationApplier.providersOf(config);
        assertThat(providers).singleElement().satisfies(github -> {
            assertThat(github.name()).isEqualTo("github-models");
            assertThat(github.region()).isEqualTo("US");
        });
        ModelCatalog catalog = new ModelCatalog();
        catalog.configure(providers);
        Router router = new Router(catalog, new Prices(), new SimpleMeterRegistry(),
                new StaticListableBeanFactory().getBeanProvider(RoutingClock.class));
        RoutingSettings routing = ConfigurationApplier.routingOf(config);
        assertThat(routing.dataResidency()).isEqualTo("US");
        router.configure(routing);

        RoutePlan named = router.plan(new RouteRequest("gpt-4o-mini", DetectedTask.GENERAL, WireFormat.OPENAI_CHAT,
                model -> true, false));
        assertThat(named.steps()).first().satisfies(step -> {
            assertThat(step.key()).isEqualTo("github-models/gpt-4o-mini");
            assertThat(step.deployment().providerModelId()).isEqualTo("openai/gpt-4o-mini");
        });
        RoutePlan auto = router.plan(new RouteRequest(routing.autoModel(), DetectedTask.GENERAL, WireFormat.OPENAI_CHAT,
                model -> true, false));
        assertThat(auto.steps()).extracting(RoutePlan.Step::key).first().isEqualTo("github-models/codestral-2501");
    }
}
