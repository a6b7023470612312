package dev.aurelis.configuration;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Duration;

/**
 * {@code high_availability:} clustering, backups and disaster recovery. Flags left out are false.
 *
 * @param backupFrequency written {@code 4h}, {@code 30m}, {@code 1d} or ISO-8601
 * @param rtoMinutes      recovery time objective
 * @param rpoMinutes      recovery point objective
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HighAvailability(
        boolean enabled,
        boolean clusterMode,
        @Positive(message = "must be at least 1") Integer minReplicas,
        @Positive(message = "must be at least 1") Integer maxReplicas,
        boolean autoScaling,
        String loadBalancer,
        boolean healthChecks,
        boolean circuitBreaker,
        boolean persistentStorage,
        String backupStrategy,
        @JsonDeserialize(using = HumanDurationDeserializer.class) Duration backupFrequency,
        @Positive(message = "must be at least 1 day") Integer backupRetentionDays,
        boolean disasterRecovery,
        boolean crossRegionReplication,
        @PositiveOrZero(message = "must not be negative") Integer rtoMinutes,
        @PositiveOrZero(message = "must not be negative") Integer rpoMinutes) {

    public static HighAvailability defaults() {
        return new HighAvailability(false, false, null, null, false, null, false, false, false, null, null, null,
                false, false, null, null);
    }
}
