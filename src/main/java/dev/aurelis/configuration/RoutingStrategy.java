package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How {@code models.routing_strategy} picks a model when the client leaves the choice to Aurelis (asks for
 * {@code routing.auto_model}, by default {@code auto}). A model the client names is always served by that model's
 * deployments first; the strategies differ only in the choice they make for {@code auto}.
 */
public enum RoutingStrategy {
    /**
     * Among the models {@code routing.tasks} allows for the task, the healthy one of the highest quality tier
     * ({@code routing.tiers}), the cheaper at equal tiers, then the faster (without tiers, the listed order is the
     * quality order). A task without such a list keeps preference, then primary, and only passes over unhealthy
     * models.
     */
    @JsonProperty("intelligent") INTELLIGENT,
    /** Always {@code primary}, {@code fallback} only when it fails. */
    @JsonProperty("fixed") FIXED,
    /** The task's {@code models.preferences} entry, then {@code primary}, then {@code fallback}, in that order. */
    @JsonProperty("task") TASK,
    /** The cheapest model by price among those allowed for the task. */
    @JsonProperty("cost_optimized") COST_OPTIMIZED,
    /** The model with the lowest recent latency among those allowed for the task. */
    @JsonProperty("latency_optimized") LATENCY_OPTIMIZED
}
