package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.AuthStyle;
import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.ModelDeployment;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.RoutePlan;
import dev.aurelis.routing.RouteRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A workspace's {@code default_provider} puts its provider's deployments first among those of the model the plan
 * chose, and never ahead of the model asked for: fallbacks stay behind.
 */
class WorkspaceProviderPreferenceTests {

    private static Deployment deployment(String provider, String model) {
        ModelDeployment served = new ModelDeployment(model, model, null, false);
        return new Deployment(model, new ProviderSettings(provider, "openai", WireFormat.OPENAI_CHAT,
                URI.create("http://" + provider + ".test/v1"), null, AuthStyle.BEARER, null, Map.of(), false, null, false,
                Duration.ofSeconds(5), List.of(served)), served);
    }

    private static RoutePlan plan(RoutePlan.Step... steps) {
        return new RoutePlan(new RouteRequest("gpt-4o", null, WireFormat.OPENAI_CHAT, m -> true, false), "requested",
                List.of(steps), "requested model, 2 deployments in order");
    }

    @Test
    void theWorkspacesProviderGoesFirstAmongTheRequestedModelsDeployments() {
        RoutePlan plan = plan(new RoutePlan.Step(deployment("east", "gpt-4o"), "requested"),
                new RoutePlan.Step(deployment("west", "gpt-4o"), "requested"),
                new RoutePlan.Step(deployment("west", "gpt-4o-mini"), "fallback"));

        RoutePlan preferred = Exchanges.preferring(plan, "west", "engineering");

        assertThat(preferred.steps().stream().map(s -> s.key()).toList())
                .containsExactly("west/gpt-4o", "east/gpt-4o", "west/gpt-4o-mini");
        assertThat(preferred.reason()).endsWith("provider west first (workspace engineering)");
    }

    @Test
    void aProviderThatOnlyServesAFallbackDoesNotJumpTheModelAskedFor() {
        RoutePlan plan = plan(new RoutePlan.Step(deployment("east", "gpt-4o"), "requested"),
                new RoutePlan.Step(deployment("west", "gpt-4o-mini"), "fallback"));

        assertThat(Exchanges.preferring(plan, "west", "engineering")).isSameAs(plan);
        assertThat(Exchanges.preferring(plan, "east", "engineering")).isSameAs(plan);
    }
}
