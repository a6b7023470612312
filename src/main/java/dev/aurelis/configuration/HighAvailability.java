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
 * @param backupStrategy  {@code automated}: backups on the schedule below (ADR 0044); left out, backups on demand
 * @param backupFrequency written {@code 4h}, {@code 30m}, {@code 1d} or ISO-8601; given alone it schedules backups
 * @param disasterRecovery schedules backups and verifies each one as soon as it is written
 * @param rtoMinutes      recovery time objective, reported by {@code GET /api/v1/backups}
 * @param rpoMinutes      recovery point objective, reported with whether the backup frequency can meet it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HighAvailability(
        boolean enabled,
        boolean clusterMode,
        @Positive(message = "must be at least 1") Integer replicas,
        @Positive(message = "must be at least 1") Integer minReplicas,
        @Positive(message = "must be at least 1") Integer maxReplicas,
        boolean autoScaling,
        String loadBalancer,
        @AlwaysOn("GET /health and GET /ready answer liveness and readiness probes") Boolean healthChecks,
        @AlwaysOn("everything is kept in PostgreSQL") Boolean persistentStorage,
        String backupStrategy,
        @JsonDeserialize(using = HumanDurationDeserializer.class) Duration backupFrequency,
        @Positive(message = "must be at least 1 day") Integer backupRetentionDays,
        boolean disasterRecovery,
        boolean crossRegionReplication,
        @PositiveOrZero(message = "must not be negative") Integer rtoMinutes,
        @PositiveOrZero(message = "must not be negative") Integer rpoMinutes) {

    /** The values {@code backup_strategy} accepts: the brief's. */
    public static final java.util.List<String> BACKUP_STRATEGIES = java.util.List.of("automated");

    public static HighAvailability defaults() {
        return new HighAvailability(false, false, null, null, null, false, null, null, null, null, null, null,
                false, false, null, null);
    }
}
