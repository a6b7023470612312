package dev.aurelis.configuration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Duration;
import java.util.Map;

/**
 * {@code deployment:} where and how Aurelis itself is rolled out (the Cortex brief's deployment manager).
 *
 * @param provider     cloud, e.g. aws
 * @param strategy     e.g. {@code blue_green} or {@code rolling}
 * @param trafficSplit colour (or version) to its percentage of traffic
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Deployment(
        String provider,
        String region,
        String vpcId,
        String instanceType,
        AutoScaling autoScaling,
        String strategy,
        Map<String, @PositiveOrZero(message = "must not be negative") @Max(value = 100, message = "must be at most 100") Integer> trafficSplit,
        HealthCheck healthCheck,
        Rollback rollback) {

    public Deployment {
        trafficSplit = Defaults.map(trafficSplit, () -> null);
    }

    public static Deployment defaults() {
        return new Deployment(null, null, null, null, null, null, null, null, null);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AutoScaling(
            @Positive(message = "must be at least 1") Integer minInstances,
            @Positive(message = "must be at least 1") Integer maxInstances,
            @Min(value = 1, message = "must be a percentage from 1 to 100")
            @Max(value = 100, message = "must be a percentage from 1 to 100") Integer targetCpuUtilization) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HealthCheck(String endpoint,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration timeout,
            @PositiveOrZero(message = "must not be negative") Integer retries) {
    }

    /** @param metricsThreshold metric to the condition that rolls back, e.g. {@code error_rate: "> 0.05"} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Rollback(boolean autoRollback, Map<String, String> metricsThreshold) {

        public Rollback {
            metricsThreshold = Defaults.strings(metricsThreshold);
        }
    }
}
