package dev.aurelis.configuration;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Duration;

/**
 * {@code high_availability:} clustering, backups and disaster recovery. Flags left out are false.
 * {@code high_availability.circuit_breaker} is {@code routing.circuit_breaker.enabled}.
 *
 * @param replicas        how many replicas run; with {@code min_replicas} and {@code max_replicas}, how many share
 *                        the budgets' headroom while Redis is unreachable
 * @param backupFrequency written {@code 4h}, {@code 30m}, {@code 1d} or ISO-8601
 * @param rtoMinutes      recovery time objective
 * @param rpoMinutes      recovery point objective
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HighAvailability(
        @NotYetEnforced("deployment") boolean enabled,
        @NotYetEnforced("deployment") boolean clusterMode,
        @Positive(message = "must be at least 1") Integer replicas,
        @Positive(message = "must be at least 1") Integer minReplicas,
        @Positive(message = "must be at least 1") Integer maxReplicas,
        @NotYetEnforced("deployment") boolean autoScaling,
        @NotYetEnforced("deployment") String loadBalancer,
        @AlwaysOn("GET /health and GET /ready answer liveness and readiness probes") Boolean healthChecks,
        @AlwaysOn("everything is kept in PostgreSQL") Boolean persistentStorage,
        @NotYetEnforced("deployment") String backupStrategy,
        @NotYetEnforced("deployment") @JsonDeserialize(using = HumanDurationDeserializer.class) Duration backupFrequency,
        @NotYetEnforced("deployment") @Positive(message = "must be at least 1 day") Integer backupRetentionDays,
        @NotYetEnforced("deployment") boolean disasterRecovery,
        @NotYetEnforced("deployment") boolean crossRegionReplication,
        @NotYetEnforced("deployment") @PositiveOrZero(message = "must not be negative") Integer rtoMinutes,
        @NotYetEnforced("deployment") @PositiveOrZero(message = "must not be negative") Integer rpoMinutes) {

    public static HighAvailability defaults() {
        return new HighAvailability(false, false, null, null, null, false, null, null, null, null, null, null,
                false, false, null, null);
    }
}
