package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How {@code models.routing_strategy} picks a model when the client leaves the choice to Aurelis. */
public enum RoutingStrategy {
    /** Task-specific {@code models.preferences} first, then {@code primary}, then {@code fallback}. */
    @JsonProperty("intelligent") INTELLIGENT,
    /** Always {@code primary}, {@code fallback} only when it fails. */
    @JsonProperty("fixed") FIXED,
    /** The cheapest model by {@code pricing} among those the caller may use. */
    @JsonProperty("cost_optimized") COST_OPTIMIZED,
    /** The model with the lowest recent latency among those the caller may use. */
    @JsonProperty("latency_optimized") LATENCY_OPTIMIZED
}
