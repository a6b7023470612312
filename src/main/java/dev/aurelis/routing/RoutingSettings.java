package dev.aurelis.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the configuration tells the {@link Router}: the strategy for {@code auto}, the model choices per task,
 * aliases, tiers, fallbacks, retry and breaker policies, and the data residency of the organisation.
 *
 * @param autoModel     the name clients send to let Aurelis choose
 * @param primary       may be null: then {@code auto} can be served only through task preferences
 * @param preferences   task to its preferred model ({@code strategy == TASK} and the intelligent pool)
 * @param taskModels    task to the models allowed for it (intelligent, cost and latency strategies)
 * @param tiers         model to its quality tier, higher is better
 * @param aliases       client-facing name to the deployments serving it
 * @param fallbacks     model to the models tried after it; a model without an entry falls back to {@code fallback}
 * @param dataResidency region every serving provider must be in (or on premise); null for no restriction
 */
public record RoutingSettings(Strategy strategy, String autoModel, String primary, String fallback,
        Map<Task, String> preferences, Map<Task, List<String>> taskModels, Map<String, Integer> tiers,
        Map<String, Alias> aliases, Map<String, List<String>> fallbacks, RetryPolicy retry, BreakerPolicy breaker,
        String dataResidency) {

    public RoutingSettings {
        autoModel = autoModel == null || autoModel.isBlank() ? "auto" : autoModel;
        preferences = Map.copyOf(preferences);
        taskModels = Map.copyOf(taskModels);
        tiers = Map.copyOf(tiers);
        aliases = Map.copyOf(aliases);
        fallbacks = Map.copyOf(fallbacks);
        dataResidency = dataResidency == null || dataResidency.isBlank() ? null : dataResidency.strip();
    }

    /** Routing of a configuration that says nothing about it: intelligent, no models named, default policies. */
    public static RoutingSettings defaults() {
        return new RoutingSettings(Strategy.INTELLIGENT, "auto", null, null, Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(), RetryPolicy.defaults(), BreakerPolicy.defaults(), null);
    }

    /** How {@code auto} is resolved; see the configuration's {@code models.routing_strategy}. */
    public enum Strategy {
        INTELLIGENT("intelligent"), FIXED("fixed"), TASK("task"), COST_OPTIMIZED("cost_optimized"),
        LATENCY_OPTIMIZED("latency_optimized");

        private final String configName;

        Strategy(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** How requests for one model name are spread over its deployments. */
    public enum Balance {
        WEIGHTED, LEAST_LATENCY, PRIORITY
    }

    /** A client-facing name served by several deployments. */
    public record Alias(Balance balance, List<Target> targets) {

        public Alias {
            targets = List.copyOf(targets);
        }
    }

    /**
     * One deployment of an alias.
     *
     * @param model the model's name or id as listed under the provider
     */
    public record Target(String provider, String model, int weight) {
    }

    /**
     * @param maxRetries    retries of one deployment before falling over
     * @param backoff       wait before the first retry; doubled for each further one, with jitter
     * @param maxBackoff    longest wait between tries
     * @param maxRetryAfter longest {@code retry-after} waited out when no other deployment is left
     */
    public record RetryPolicy(int maxRetries, Duration backoff, Duration maxBackoff, Duration maxRetryAfter) {

        public static RetryPolicy defaults() {
            return new RetryPolicy(1, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10));
        }
    }

    /**
     * @param enabled      false: deployments are never skipped for past failures or a {@code retry-after}
     * @param failureRate  share of failures in the window that opens the breaker
     * @param minimumCalls attempts in the window before the rate counts
     * @param window       attempts remembered
     * @param cooldown     time an open breaker refuses requests before a trial
     * @param halfOpenCalls trials that must succeed to close it
     */
    public record BreakerPolicy(boolean enabled, double failureRate, int minimumCalls, int window, Duration cooldown,
            int halfOpenCalls) {

        public static BreakerPolicy defaults() {
            return new BreakerPolicy(true, 0.5, 5, 20, Duration.ofSeconds(30), 1);
        }
    }
}
