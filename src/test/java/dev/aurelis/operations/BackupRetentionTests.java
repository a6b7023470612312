package dev.aurelis.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which backups {@code backup_retention_days} removes: those older than it, never the newest. */
class BackupRetentionTests {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static BackupInfo takenDaysAgo(int days) {
        return new BackupInfo("b" + days, "f" + days, NOW.minus(Duration.ofDays(days)), "26", "scheduled", 1, null, null);
    }

    @Test
    void backupsPastTheRetentionGoButTheNewestStays() {
        List<BackupInfo> newestFirst = List.of(takenDaysAgo(1), takenDaysAgo(29), takenDaysAgo(31), takenDaysAgo(40));
        assertThat(Backups.expired(newestFirst, 30, NOW)).extracting(BackupInfo::id).containsExactly("b31", "b40");
    }

    @Test
    void theOnlyBackupIsKeptHoweverOld() {
        assertThat(Backups.expired(List.of(takenDaysAgo(90)), 30, NOW)).isEmpty();
        assertThat(Backups.expired(List.of(takenDaysAgo(90), takenDaysAgo(91)), 30, NOW)).extracting(BackupInfo::id)
                .containsExactly("b91");
    }
}
