package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code environments:} (development, staging, production, ...): values that override the top-level
 * ones when {@code environment:} names this entry. Every value is nullable: null means "not overridden". The Cortex
 * brief's {@code replicas} here is {@code high_availability.replicas}.
 *
 * @param resources    a size class such as minimal, standard or high_availability
 * @param featureFlags features switched on in this environment, e.g. beta_features
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EnvironmentProfile(
        String githubToken,
        @Valid ModelChoice models,
        @Valid CostLimits costLimits,
        @Valid Availability highAvailability,
        @Valid DisasterRecovery disasterRecovery,
        String resources,
        List<@NotBlank(message = "must name a flag") String> featureFlags) {

    public EnvironmentProfile {
        models = Defaults.orElse(models, new ModelChoice(null, null));
        costLimits = Defaults.orElse(costLimits, new CostLimits(null, null));
        highAvailability = Defaults.orElse(highAvailability, new Availability(null, null, null, null, null));
        disasterRecovery = Defaults.orElse(disasterRecovery, new DisasterRecovery(null, null, null, null, null));
        featureFlags = Defaults.list(featureFlags);
    }

    public static EnvironmentProfile defaults() {
        return new EnvironmentProfile(null, null, null, null, null, null, null);
    }

    /**
     * The {@code models:} values this environment overrides; null (or an empty map) leaves the top-level value.
     *
     * @param preferences task to model, merged over {@code models.preferences}
     * @param timeout     seconds to wait for an upstream answer
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelChoice(String primary, String fallback, RoutingStrategy routingStrategy,
            Map<String, String> preferences, @Positive(message = "must be at least 1 second") Integer timeout) {

        public ModelChoice {
            preferences = Defaults.strings(preferences);
        }

        public ModelChoice(String primary, String fallback) {
            this(primary, fallback, null, null, null);
        }
    }

    /**
     * Spending caps for the whole organisation while this environment runs, in {@code pricing_currency}: a daily
     * budget and the monthly one, replacing {@code cost_management.budgets.organization}'s. They apply even when
     * {@code cost_management.enabled} is off.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CostLimits(
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal daily,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal monthly) {
    }

    /** @param replicas how many replicas run in this environment (see {@code high_availability.replicas}) */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Availability(
            Boolean enabled,
            @Positive(message = "must be at least 1") Integer replicas,
            Boolean autoScaling,
            Boolean loadBalancing,
            @AlwaysOn("GET /health and GET /ready answer liveness and readiness probes") Boolean healthChecks) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DisasterRecovery(
            Boolean enabled,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration backupFrequency,
            Boolean crossRegionReplication,
            @PositiveOrZero(message = "must not be negative") Integer rtoMinutes,
            @PositiveOrZero(message = "must not be negative") Integer rpoMinutes) {
    }
}
