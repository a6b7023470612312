package dev.aurelis.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.RoutingSettings.Balance;
import dev.aurelis.routing.RoutingSettings.Strategy;
import dev.aurelis.routing.RoutingSettings.Target;
import dev.aurelis.routing.health.DeploymentHealth;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** How plans are made: each strategy for the auto model, named models and fallbacks, aliases, residency. */
class RouterTests {

    private final Deployments world = new Deployments()
            .openAi("east", "us-east", "gpt-4o", "gpt-4o-mini", "codestral-2501", "small:8000")
            .openAi("west", "us-west", "gpt-4o", "big:200000")
            .anthropic("anthropic", "us", "claude-sonnet-4-5")
            .openAi("eu", "eu-west", "eu-model")
            .onPremise("local", "qwen-coder")
            .embeddings("embedder", "us", "text-embedding-3-small")
            .price("gpt-4o", "2.50", "10.00")
            .price("gpt-4o-mini", "0.15", "0.60")
            .price("codestral-2501", "0.30", "0.90")
            .price("claude-sonnet-4-5", "3.00", "15.00");

    // ------------------------------------------------------------------------------------------ strategies

    @Test
    void fixedServesThePrimaryThenTheFallbackWhateverTheTask() {
        Router router = world.router(Deployments.settings().strategy(Strategy.FIXED).primary("codestral-2501")
                .fallback("gpt-4o-mini").prefer(Task.CODE_REVIEW, "gpt-4o").build());

        RoutePlan plan = router.plan(auto(Task.CODE_REVIEW));

        assertThat(keys(plan)).containsExactly("east/codestral-2501", "east/gpt-4o-mini");
        assertThat(plan.strategy()).isEqualTo("fixed");
        assertThat(plan.reason()).isEqualTo("primary");
        assertThat(plan.steps()).extracting(RoutePlan.Step::why).containsExactly("primary", "fallback");
    }

    @Test
    void taskServesTheTasksPreferenceThenThePrimaryThenTheFallback() {
        Router router = world.router(Deployments.settings().strategy(Strategy.TASK).primary("codestral-2501")
                .fallback("gpt-4o-mini").prefer(Task.CODE_REVIEW, "gpt-4o").build());

        RoutePlan review = router.plan(auto(Task.CODE_REVIEW));
        assertThat(keys(review)).containsExactly("east/gpt-4o", "west/gpt-4o", "east/codestral-2501", "east/gpt-4o-mini");
        assertThat(review.reason()).isEqualTo("preference for code_review");

        RoutePlan general = router.plan(auto(Task.GENERAL));
        assertThat(keys(general)).containsExactly("east/codestral-2501", "east/gpt-4o-mini");
    }

    @Test
    void intelligentKeepsTheWrittenOrderWhenNoTiersAreDeclared() {
        Router router = world.router(Deployments.settings().primary("codestral-2501").fallback("gpt-4o-mini")
                .prefer(Task.CODE_REVIEW, "gpt-4o").build());

        // gpt-4o-mini is the cheapest, but without tiers Aurelis does not assume it is as good
        assertThat(models(router.plan(auto(Task.CODE_REVIEW)))).containsExactly("gpt-4o", "codestral-2501", "gpt-4o-mini");
    }

    @Test
    void intelligentFollowsThePreferenceOfATaskThatListsNoModelsAndStepsPastItOnlyWhenUnhealthy() {
        Router router = world.router(tiered().primary("gpt-4o").prefer(Task.CODE_GENERATION, "codestral-2501").build());

        RoutePlan plan = router.plan(auto(Task.CODE_GENERATION));
        assertThat(models(plan)).as("gpt-4o's higher tier does not override the preference")
                .containsExactly("codestral-2501", "gpt-4o", "gpt-4o-mini");
        assertThat(plan.reason()).isEqualTo("preference for code_generation");

        open(router, "east", "codestral-2501");
        RoutePlan unhealthy = router.plan(auto(Task.CODE_GENERATION));
        assertThat(models(unhealthy)).containsExactly("gpt-4o", "codestral-2501", "gpt-4o-mini");
        assertThat(unhealthy.reason()).isEqualTo("primary, passing over unhealthy codestral-2501");
    }

    @Test
    void intelligentServesTheHighestTierAndTheCheaperModelAtEqualTiers() {
        Router router = world.router(tiered().allow(Task.CODE_REVIEW, "claude-sonnet-4-5", "codestral-2501", "gpt-4o")
                .build());

        RoutePlan plan = router.plan(auto(Task.CODE_REVIEW));

        assertThat(models(plan)).containsExactly("gpt-4o", "claude-sonnet-4-5", "codestral-2501", "gpt-4o-mini");
        assertThat(plan.reason()).startsWith("intelligent ranking gpt-4o(healthy, tier 3, 4.375/M")
                .contains("> claude-sonnet-4-5(healthy, tier 3, 6/M");
        assertThat(plan.steps().getFirst().why()).isEqualTo("allowed for code_review");
    }

    @Test
    void intelligentPassesOverAModelWhoseDeploymentsArePaused() {
        Router router = world.router(tiered().allow(Task.CODE_REVIEW, "claude-sonnet-4-5", "gpt-4o").build());
        open(router, "east", "gpt-4o");
        open(router, "west", "gpt-4o");

        RoutePlan plan = router.plan(auto(Task.CODE_REVIEW));

        assertThat(models(plan)).containsExactly("claude-sonnet-4-5", "gpt-4o", "gpt-4o-mini");
        assertThat(plan.reason()).contains("gpt-4o(paused");
    }

    @Test
    void intelligentRanksADegradedModelAfterAHealthyOneOfTheSameTier() {
        Router router = world.router(tiered().allow(Task.CODE_REVIEW, "gpt-4o", "claude-sonnet-4-5").build());
        for (String provider : List.of("east", "west")) {
            DeploymentHealth health = router.healthOf(deployment(provider, "gpt-4o"));
            for (int i = 0; i < 3; i++) {
                health.succeeded(health.acquire(world.clock.now()), Duration.ofMillis(100));
            }
            health.failed(health.acquire(world.clock.now()), "503", world.clock.now());
        }

        assertThat(models(router.plan(auto(Task.CODE_REVIEW)))).startsWith("claude-sonnet-4-5", "gpt-4o");
    }

    @Test
    void intelligentServesTheFasterOfEquallyGoodAndEquallyPricedModels() {
        world.price("claude-sonnet-4-5", "2.50", "10.00");
        Router router = world.router(tiered().allow(Task.CODE_REVIEW, "gpt-4o", "claude-sonnet-4-5").build());
        answered(router, "east", "gpt-4o", 900);
        answered(router, "west", "gpt-4o", 800);
        answered(router, "anthropic", "claude-sonnet-4-5", 200);

        RoutePlan plan = router.plan(auto(Task.CODE_REVIEW));

        assertThat(models(plan)).startsWith("claude-sonnet-4-5", "gpt-4o");
        assertThat(plan.reason()).contains("claude-sonnet-4-5(healthy, tier 3, 4.375/M, p50 200ms)");
    }

    @Test
    void costOptimizedServesTheCheapestModelAllowedForTheTask() {
        Router router = world.router(Deployments.settings().strategy(Strategy.COST_OPTIMIZED).primary("codestral-2501")
                .fallback("claude-sonnet-4-5").prefer(Task.DOCUMENTATION, "gpt-4o").build());

        assertThat(models(router.plan(auto(Task.DOCUMENTATION))))
                .containsExactly("codestral-2501", "gpt-4o", "claude-sonnet-4-5");
    }

    @Test
    void latencyOptimizedServesTheFastestModel() {
        Router router = world.router(Deployments.settings().strategy(Strategy.LATENCY_OPTIMIZED)
                .primary("codestral-2501").fallback("gpt-4o-mini").prefer(Task.CODE_GENERATION, "gpt-4o").build());
        answered(router, "east", "gpt-4o", 500);
        answered(router, "east", "codestral-2501", 300);
        answered(router, "east", "gpt-4o-mini", 100);

        assertThat(models(router.plan(auto(Task.CODE_GENERATION))))
                .as("the fallback stays the last resort").containsExactly("codestral-2501", "gpt-4o", "gpt-4o-mini");
    }

    // ------------------------------------------------------------------------------------------ named models

    @Test
    void servesANamedModelByItsDeploymentsThenByTheFallback() {
        Router router = world.router(Deployments.settings().primary("gpt-4o").fallback("claude-sonnet-4-5").build());

        RoutePlan plan = router.plan(named("gpt-4o"));

        assertThat(keys(plan)).containsExactly("east/gpt-4o", "west/gpt-4o", "anthropic/claude-sonnet-4-5");
        assertThat(plan.strategy()).isEqualTo("requested");
        assertThat(plan.reason()).isEqualTo("requested model, 2 deployments in order");
    }

    @Test
    void followsAModelsOwnFallbackChainInsteadOfTheGlobalFallback() {
        Router router = world.router(Deployments.settings().fallback("gpt-4o")
                .fallbacks("codestral-2501", "gpt-4o-mini", "claude-sonnet-4-5").fallbacks("gpt-4o-mini").build());

        assertThat(keys(router.plan(named("codestral-2501"))))
                .containsExactly("east/codestral-2501", "east/gpt-4o-mini", "anthropic/claude-sonnet-4-5");
        assertThat(keys(router.plan(named("gpt-4o-mini")))).as("an empty chain").containsExactly("east/gpt-4o-mini");
    }

    @Test
    void leavesOutFallbacksTheCallerMayNotUseOrThatCannotServeTheOperation() {
        Router router = world.router(Deployments.settings().fallback("claude-sonnet-4-5").build());

        assertThat(keys(router.plan(new RouteRequest("gpt-4o", DetectedTask.GENERAL, WireFormat.OPENAI_CHAT,
                Set.of("gpt-4o")::contains, false)))).containsExactly("east/gpt-4o", "west/gpt-4o");
        assertThat(keys(router.plan(new RouteRequest("gpt-4o-mini", DetectedTask.GENERAL, WireFormat.OPENAI_COMPLETIONS,
                m -> true, false)))).as("Anthropic has no legacy completions").containsExactly("east/gpt-4o-mini");
    }

    @Test
    void refusesWhatItCannotRoute() {
        Router router = world.router(Deployments.settings().build());

        assertThatThrownBy(() -> router.plan(named("gpt-9"))).isInstanceOf(NoRoute.class)
                .extracting(e -> ((NoRoute) e).reason()).isEqualTo(NoRoute.Reason.UNKNOWN_MODEL);
        assertThatThrownBy(() -> router.plan(new RouteRequest("gpt-4o", DetectedTask.GENERAL, WireFormat.OPENAI_CHAT,
                m -> false, false))).extracting(e -> ((NoRoute) e).reason()).isEqualTo(NoRoute.Reason.NOT_ALLOWED);
        assertThatThrownBy(() -> router.plan(auto(Task.GENERAL))).hasMessageContaining("set models.primary")
                .extracting(e -> ((NoRoute) e).reason()).isEqualTo(NoRoute.Reason.UNSERVABLE);
        assertThatThrownBy(() -> router.plan(new RouteRequest("auto", DetectedTask.GENERAL, WireFormat.OPENAI_EMBEDDINGS,
                m -> true, false))).hasMessageContaining("embeddings model");
    }

    @Test
    void refusesTheAutoModelWhenTheCallerMayUseNoneOfItsCandidates() {
        Router router = world.router(Deployments.settings().primary("gpt-4o").fallback("gpt-4o-mini").build());

        assertThatThrownBy(() -> router.plan(new RouteRequest("auto", DetectedTask.GENERAL, WireFormat.OPENAI_CHAT,
                Set.of("claude-sonnet-4-5")::contains, false)))
                .hasMessageContaining("gpt-4o, gpt-4o-mini")
                .extracting(e -> ((NoRoute) e).reason()).isEqualTo(NoRoute.Reason.NOT_ALLOWED);
    }

    // ------------------------------------------------------------------------------------------ aliases

    @Test
    void spreadsAWeightedAliasInProportionToItsWeights() {
        Router router = world.router(Deployments.settings().alias("coder", Balance.WEIGHTED,
                new Target("east", "gpt-4o", 3), new Target("west", "gpt-4o", 1)).build());

        int east = 0;
        for (int i = 0; i < 4000; i++) {
            RoutePlan plan = router.plan(named("coder"));
            assertThat(keys(plan)).as("the other deployment stays in the plan for failover").hasSize(2);
            east += keys(plan).getFirst().equals("east/gpt-4o") ? 1 : 0;
        }

        assertThat(east).isBetween(2850, 3150);
        assertThat(router.plan(named("coder")).reason()).isEqualTo("alias of 2 deployments, weighted");
    }

    @Test
    void triesTheFastestDeploymentOfALeastLatencyAliasFirst() {
        Router router = world.router(Deployments.settings().alias("coder", Balance.LEAST_LATENCY,
                new Target("east", "gpt-4o", 1), new Target("west", "gpt-4o", 1)).build());
        answered(router, "east", "gpt-4o", 700);
        answered(router, "west", "gpt-4o", 150);

        assertThat(keys(router.plan(named("coder")))).containsExactly("west/gpt-4o", "east/gpt-4o");
    }

    @Test
    void triesAPriorityAliasInItsWrittenOrderAndPausedDeploymentsLast() {
        Router router = world.router(Deployments.settings().alias("coder", Balance.PRIORITY,
                new Target("east", "gpt-4o", 1), new Target("anthropic", "claude-sonnet-4-5", 1),
                new Target("west", "gpt-4o", 1)).build());
        assertThat(keys(router.plan(named("coder"))))
                .containsExactly("east/gpt-4o", "anthropic/claude-sonnet-4-5", "west/gpt-4o");

        open(router, "east", "gpt-4o");

        assertThat(keys(router.plan(named("coder"))))
                .containsExactly("anthropic/claude-sonnet-4-5", "west/gpt-4o", "east/gpt-4o");
    }

    @Test
    void listsServedModelsAliasesAndTheAutoModel() {
        Router router = world.router(Deployments.settings().primary("gpt-4o")
                .alias("coder", Balance.WEIGHTED, new Target("east", "gpt-4o", 1)).build());

        assertThat(router.modelNames()).extracting(Router.ModelName::name)
                .contains("gpt-4o", "claude-sonnet-4-5", "coder", "auto").doesNotHaveDuplicates();
        assertThat(router.modelNames()).contains(new Router.ModelName("coder", "aurelis"),
                new Router.ModelName("gpt-4o", "east"));
        assertThat(router.firstDeployment("auto")).map(Router::keyOf).contains("east/gpt-4o");
    }

    // ------------------------------------------------------------------------------------------ residency

    @Test
    void servesOnlyFromProvidersInsideTheDataResidencyOrOnPremise() {
        Router router = world.router(Deployments.settings().residency("US").fallback("eu-model").build());

        assertThat(keys(router.plan(named("gpt-4o")))).as("the fallback in eu-west is left out")
                .containsExactly("east/gpt-4o", "west/gpt-4o");
        assertThat(keys(router.plan(named("qwen-coder")))).containsExactly("local/qwen-coder");
        assertThatThrownBy(() -> router.plan(named("eu-model")))
                .hasMessageContaining("security.data_residency is 'US'").hasMessageContaining("eu/eu-model (region eu-west)")
                .extracting(e -> ((NoRoute) e).reason()).isEqualTo(NoRoute.Reason.RESIDENCY);
    }

    @Test
    void matchesRegionsByTheirResidencyPrefix() {
        world.router(Deployments.settings().build());
        Predicate<String> us = region -> Router.residentIn(provider(region, false), "US");

        assertThat(us).accepts("US", "us", "us-east-1", "US_WEST").rejects("usa", "eu-west-1", "eastus", null);
        assertThat(Router.residentIn(provider("eu-central", false), "US, EU")).isTrue();
        assertThat(Router.residentIn(provider(null, true), "US")).as("on premise").isTrue();
        assertThat(Router.residentIn(provider("ap-south", false), null)).as("no residency").isTrue();
    }

    @Test
    void servesARequestThatMustStayOnPremiseOnlyFromOnPremiseProviders() {
        Router router = world.router(Deployments.settings().fallback("qwen-coder").build());

        assertThat(keys(router.plan(new RouteRequest("gpt-4o", DetectedTask.GENERAL, WireFormat.OPENAI_CHAT, m -> true,
                true)))).containsExactly("local/qwen-coder");
        Router strict = world.router(Deployments.settings().build());
        assertThatThrownBy(() -> strict.plan(new RouteRequest("gpt-4o", DetectedTask.GENERAL, WireFormat.OPENAI_CHAT,
                m -> true, true))).hasMessageContaining("may only be served on premise");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Deployments.Settings tiered() {
        return Deployments.settings().primary("codestral-2501").fallback("gpt-4o-mini")
                .tier("gpt-4o", 3).tier("claude-sonnet-4-5", 3).tier("codestral-2501", 2).tier("gpt-4o-mini", 1);
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

    private Deployment deployment(String provider, String model) {
        return world.catalog.deployment(provider, model).orElseThrow();
    }

    private void open(Router router, String provider, String model) {
        DeploymentHealth health = router.healthOf(deployment(provider, model));
        for (int i = 0; i < 4; i++) {
            health.failed(health.acquire(world.clock.now()), "503", world.clock.now());
        }
        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.OPEN);
    }

    private void answered(Router router, String provider, String model, long millis) {
        DeploymentHealth health = router.healthOf(deployment(provider, model));
        health.succeeded(health.acquire(world.clock.now()), Duration.ofMillis(millis));
    }

    private static dev.aurelis.providers.ProviderSettings provider(String region, boolean onPremise) {
        return new dev.aurelis.providers.ProviderSettings("p", "openai", WireFormat.OPENAI_CHAT,
                java.net.URI.create("http://p.test"), null, dev.aurelis.providers.AuthStyle.BEARER, null,
                java.util.Map.of(), false, region, onPremise, Duration.ofSeconds(1), List.of());
    }
}
