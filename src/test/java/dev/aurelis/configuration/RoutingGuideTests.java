package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.DetectedTask;
import dev.aurelis.routing.RouteRequest;
import dev.aurelis.routing.RoutePlan;
import dev.aurelis.routing.Router;
import dev.aurelis.routing.RoutingClock;
import dev.aurelis.routing.RoutingSettings;
import dev.aurelis.routing.Task;
import dev.aurelis.spend.Price;
import dev.aurelis.spend.Prices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** The worked examples of docs/routing.md and the README load as written and route as they say. */
class RoutingGuideTests {

    private static final Path GUIDE = Path.of("docs", "routing.md");
    private static final Path README = Path.of("README.md");

    @Test
    void loadsTheWorkedExampleWithoutUnknownKeys() throws IOException {
        LoadedConfiguration loaded = ConfigurationLoader.load(example(), Map.of());

        assertThat(loaded.unknownKeys()).isEmpty();
        assertThat(loaded.config().routing().aliases()).containsKey("gpt-4o");
    }

    @Test
    void routesTheWorkedExampleAsItsTableSays() throws IOException {
        Router router = router(ConfigurationLoader.load(example(), Map.of()).config());

        assertThat(keys(router.plan(named("gpt-4o"))).subList(0, 2))
                .containsExactlyInAnyOrder("azure-east/gpt-4o", "azure-west/gpt-4o");
        assertThat(keys(router.plan(named("gpt-4o")))).last().isEqualTo("azure-east/gpt-4o-mini");

        assertThat(models(router.plan(auto(Task.CODE_REVIEW))))
                .containsExactly("gpt-4o", "claude-sonnet-4-5", "gpt-4o-mini");
        assertThat(models(router.plan(auto(Task.CODE_GENERATION))))
                .containsExactly("qwen2.5-coder", "gpt-4o", "gpt-4o-mini");

        RoutePlan codestral = router.plan(named("codestral-2501"));
        assertThat(keys(codestral)).containsExactly("azure-east/gpt-4o-mini");
        assertThat(codestral.reason()).contains("excluded mistral/codestral-2501 (region eu-west)");

        assertThat(keys(router.plan(new RouteRequest("qwen2.5-coder", DetectedTask.GENERAL, WireFormat.OPENAI_CHAT,
                m -> true, true)))).containsExactly("local/qwen2.5-coder");
    }

    @Test
    void runsTheDevelopmentEnvironmentOfTheWorkedExampleWithFixedRouting() throws IOException {
        AurelisConfig development = ConfigurationLoader.load(example(),
                Map.of("AURELIS_ENVIRONMENT", "development")).config();

        RoutingSettings routing = ConfigurationApplier.routingOf(development);
        assertThat(routing.strategy()).isEqualTo(RoutingSettings.Strategy.FIXED);
        assertThat(models(router(development).plan(auto(Task.CODE_REVIEW)))).containsExactly("gpt-4o-mini");
    }

    @Test
    void routesTheReadmesExampleAsItSays() throws IOException {
        LoadedConfiguration loaded = ConfigurationLoader.load(example(README, "## Routing and reliability"), Map.of());
        assertThat(loaded.unknownKeys()).isEmpty();
        Router router = router(loaded.config());

        assertThat(models(router.plan(named("gpt-4o")))).containsExactly("gpt-4o", "gpt-4o-mini");
        assertThat(models(router.plan(auto(Task.CODE_REVIEW))))
                .containsExactly("gpt-4o", "claude-sonnet-4-5", "gpt-4o-mini");
        assertThat(models(router.plan(auto(Task.DOCUMENTATION)))).first().isEqualTo("gpt-4o-mini");
    }

    private static String example() throws IOException {
        return example(GUIDE, "## Worked example");
    }

    /** The first yaml block after {@code heading} in {@code file}. */
    private static String example(Path file, String heading) throws IOException {
        String text = Files.readString(file);
        int section = text.indexOf("\n" + heading + "\n");
        assertThat(section).as("the section '" + heading + "' in " + file).isNotNegative();
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(block.find(section)).as("a yaml block under '" + heading + "' in " + file).isTrue();
        return block.group(1);
    }

    private static Router router(AurelisConfig config) {
        ModelCatalog catalog = new ModelCatalog();
        catalog.configure(ConfigurationApplier.providersOf(config));
        Prices prices = new Prices();
        Map<String, Price> configured = new LinkedHashMap<>();
        config.pricing().forEach((model, price) -> configured.put(model,
                new Price(price.input(), price.output(), price.cachedInput(), price.cacheWrite())));
        prices.configure(configured);
        Router router = new Router(catalog, prices, new SimpleMeterRegistry(),
                new DefaultListableBeanFactory().getBeanProvider(RoutingClock.class));
        router.configure(ConfigurationApplier.routingOf(config));
        return router;
    }

    private static RouteRequest auto(Task task) {
        return new RouteRequest("auto", new DetectedTask(task, DetectedTask.Source.INSTRUCTIONS), WireFormat.OPENAI_CHAT,
                m -> true, false);
    }

    private static RouteRequest named(String model) {
        return new RouteRequest(model, DetectedTask.GENERAL, WireFormat.OPENAI_CHAT, m -> true, false);
    }

    private static List<String> keys(RoutePlan plan) {
        return plan.steps().stream().map(RoutePlan.Step::key).toList();
    }

    private static List<String> models(RoutePlan plan) {
        return plan.steps().stream().map(step -> step.deployment().model()).distinct().toList();
    }
}
