package dev.aurelis.routing;

import dev.aurelis.providers.AuthStyle;
import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.providers.ModelDeployment;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.spend.Price;
import dev.aurelis.spend.Prices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds providers, prices and a router over them for unit tests: no Spring, no network, time that only moves on request. */
final class Deployments {

    final List<ProviderSettings> providers = new ArrayList<>();
    final Map<String, Price> prices = new LinkedHashMap<>();
    final MovableClock clock = MovableClock.frozenAt(Instant.parse("2026-03-02T10:00:00Z"));
    final List<Duration> sleeps = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ModelCatalog catalog = new ModelCatalog();

    /** An OpenAI-compatible provider in {@code region} serving {@code models} (name, or name:context_window). */
    Deployments openAi(String name, String region, String... models) {
        return provider(name, WireFormat.OPENAI_CHAT, region, false, models);
    }

    Deployments anthropic(String name, String region, String... models) {
        return provider(name, WireFormat.ANTHROPIC_MESSAGES, region, false, models);
    }

    Deployments onPremise(String name, String... models) {
        return provider(name, WireFormat.OPENAI_CHAT, null, true, models);
    }

    Deployments embeddings(String name, String region, String model) {
        providers.add(new ProviderSettings(name, "openai", WireFormat.OPENAI_CHAT, URI.create("http://" + name + ".test/v1"),
                null, AuthStyle.BEARER, null, Map.of(), false, region, false, Duration.ofSeconds(5),
                List.of(new ModelDeployment(model, model, null, true))));
        return this;
    }

    private Deployments provider(String name, WireFormat format, String region, boolean onPremise, String... models) {
        List<ModelDeployment> served = new ArrayList<>();
        for (String model : models) {
            String[] parts = model.split(":");
            served.add(new ModelDeployment(parts[0], parts[0], parts.length > 1 ? Integer.valueOf(parts[1]) : null, false));
        }
        providers.add(new ProviderSettings(name, format == WireFormat.ANTHROPIC_MESSAGES ? "anthropic" : "openai", format,
                URI.create("http://" + name + ".test/v1"), null,
                format == WireFormat.ANTHROPIC_MESSAGES ? AuthStyle.X_API_KEY : AuthStyle.BEARER, null, Map.of(), false,
                region, onPremise, Duration.ofSeconds(5), served));
        return this;
    }

    /** Price per million input and output tokens. */
    Deployments price(String model, String input, String output) {
        prices.put(model, Price.of(input, output, null));
        return this;
    }

    /** A router over these providers with {@code settings}; sleeping only records the wait and moves the clock. */
    Router router(RoutingSettings settings) {
        catalog.configure(providers);
        Prices table = new Prices();
        table.configure(prices);
        Router router = new Router(catalog, table, meters, clock, duration -> {
            sleeps.add(duration);
            clock.advance(duration);
        }, new SplittableRandom(42));
        router.configure(settings);
        return router;
    }

    static Settings settings() {
        return new Settings();
    }

    /** A builder of routing settings with small, test-friendly policies. */
    static final class Settings {
        RoutingSettings.Strategy strategy = RoutingSettings.Strategy.INTELLIGENT;
        String primary;
        String fallback;
        final Map<Task, String> preferences = new LinkedHashMap<>();
        final Map<Task, List<String>> taskModels = new LinkedHashMap<>();
        final Map<String, Integer> tiers = new LinkedHashMap<>();
        final Map<String, RoutingSettings.Alias> aliases = new LinkedHashMap<>();
        final Map<String, List<String>> fallbacks = new LinkedHashMap<>();
        RoutingSettings.RetryPolicy retry = new RoutingSettings.RetryPolicy(1, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(10));
        RoutingSettings.BreakerPolicy breaker = new RoutingSettings.BreakerPolicy(true, 0.5, 4, 10,
                Duration.ofSeconds(30), 1);
        String residency;

        Settings strategy(RoutingSettings.Strategy value) {
            strategy = value;
            return this;
        }

        Settings primary(String model) {
            primary = model;
            return this;
        }

        Settings fallback(String model) {
            fallback = model;
            return this;
        }

        Settings prefer(Task task, String model) {
            preferences.put(task, model);
            return this;
        }

        Settings allow(Task task, String... models) {
            taskModels.put(task, List.of(models));
            return this;
        }

        Settings tier(String model, int tier) {
            tiers.put(model, tier);
            return this;
        }

        Settings alias(String name, RoutingSettings.Balance balance, RoutingSettings.Target... targets) {
            aliases.put(name, new RoutingSettings.Alias(balance, List.of(targets)));
            return this;
        }

        Settings fallbacks(String model, String... chain) {
            fallbacks.put(model, List.of(chain));
            return this;
        }

        Settings retries(int maxRetries, Duration maxRetryAfter) {
            retry = new RoutingSettings.RetryPolicy(maxRetries, Duration.ofMillis(100), Duration.ofSeconds(1), maxRetryAfter);
            return this;
        }

        Settings breaker(boolean enabled) {
            breaker = new RoutingSettings.BreakerPolicy(enabled, 0.5, 4, 10, Duration.ofSeconds(30), 1);
            return this;
        }

        Settings residency(String value) {
            residency = value;
            return this;
        }

        RoutingSettings build() {
            return new RoutingSettings(strategy, "auto", primary, fallback, preferences, taskModels, tiers, aliases,
                    fallbacks, retry, breaker, residency);
        }
    }
}
