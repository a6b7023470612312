package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.List;

/** {@code cost_optimization:} how the infrastructure Aurelis runs on saves money (spot instances, scheduled scaling). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CostOptimization(boolean enabled, List<@NotNull(message = "must not be empty") @Valid Strategy> strategies) {

    public CostOptimization {
        strategies = Defaults.list(strategies);
    }

    public static CostOptimization defaults() {
        return new CostOptimization(false, null);
    }

    /**
     * @param type     e.g. {@code spot_instances} or {@code autoscaling}
     * @param maxPrice highest hourly price for a spot instance
     * @param schedule e.g. {@code business_hours}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Strategy(
            @NotBlank(message = "must name the strategy") String type,
            String provider,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal maxPrice,
            boolean fallbackToOnDemand,
            String schedule,
            @Positive(message = "must be at least 1") Integer minReplicas,
            @Positive(message = "must be at least 1") Integer maxReplicas) {
    }
}
