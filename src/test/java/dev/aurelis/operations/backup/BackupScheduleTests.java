package dev.aurelis.operations.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.operations.BackupSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a scheduled backup is due: with none yet, then once the newest is {@code backup_frequency} old. */
class BackupScheduleTests {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final BackupSettings EVERY_4H = new BackupSettings(true, Duration.ofHours(4), 30, false, 15, 5);

    @Test
    void aBackupIsDueWhenThereIsNoneOrTheNewestIsAsOldAsTheFrequency() {
        assertThat(BackupSchedule.due(EVERY_4H, Optional.empty(), NOW)).isTrue();
        assertThat(BackupSchedule.due(EVERY_4H, Optional.of(NOW.minus(Duration.ofHours(4))), NOW)).isTrue();
        assertThat(BackupSchedule.due(EVERY_4H, Optional.of(NOW.minus(Duration.ofMinutes(239))), NOW)).isFalse();
    }

    @Test
    void withoutAScheduleNothingIsEverDue() {
        assertThat(BackupSchedule.due(BackupSettings.onDemand(), Optional.empty(), NOW)).isFalse();
    }

    @Test
    void theBriefsDefaultsAreFourHoursAndThirtyDays() {
        BackupSettings defaults = new BackupSettings(true, null, 0, false, null, null);
        assertThat(defaults.frequency()).isEqualTo(Duration.ofHours(4));
        assertThat(defaults.retentionDays()).isEqualTo(30);
        assertThat(EVERY_4H.rpoBeyondBackups()).as("RPO 5 min cannot be met by 4-hourly backups").isTrue();
        assertThat(new BackupSettings(true, Duration.ofMinutes(5), 30, false, null, 5).rpoBeyondBackups()).isFalse();
    }
}
