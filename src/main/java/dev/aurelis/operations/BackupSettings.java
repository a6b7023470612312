package dev.aurelis.operations;

import java.time.Duration;

/**
 * What {@code high_availability} says about backups, as the configuration module applies it.
 *
 * @param scheduled        whether backups are taken on a schedule ({@code backup_strategy: automated}, or a
 *                         {@code backup_frequency} or {@code disaster_recovery: true} given)
 * @param frequency        how often (4 hours when not given)
 * @param retentionDays    how long a backup is kept (30 days when not given); the newest is always kept
 * @param disasterRecovery verify each scheduled backup by reading it back as soon as it is written
 * @param rtoMinutes       the recovery time objective, reported next to what Aurelis measured (null: none)
 * @param rpoMinutes       the recovery point objective, reported next to the backup frequency (null: none)
 */
public record BackupSettings(boolean scheduled, Duration frequency, int retentionDays, boolean disasterRecovery,
        Integer rtoMinutes, Integer rpoMinutes) {

    public static final Duration DEFAULT_FREQUENCY = Duration.ofHours(4);
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public BackupSettings {
        frequency = frequency == null ? DEFAULT_FREQUENCY : frequency;
        retentionDays = retentionDays <= 0 ? DEFAULT_RETENTION_DAYS : retentionDays;
    }

    /** Before a configuration is applied: no schedule, backups on demand kept 30 days. */
    public static BackupSettings onDemand() {
        return new BackupSettings(false, null, 0, false, null, null);
    }

    /** Whether the newest backup can be older than {@code rpo_minutes} allows: Aurelis's backups alone miss the RPO. */
    public boolean rpoBeyondBackups() {
        return rpoMinutes != null && frequency.compareTo(Duration.ofMinutes(rpoMinutes)) > 0;
    }
}
