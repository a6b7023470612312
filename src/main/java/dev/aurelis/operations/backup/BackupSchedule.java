package dev.aurelis.operations.backup;

import dev.aurelis.operations.BackupInfo;
import dev.aurelis.operations.BackupSettings;
import dev.aurelis.operations.Backups;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.SingletonWork;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes the scheduled backups: every minute one replica at a time ({@link SingletonWork}) checks whether the newest
 * backup in the directory is older than {@code backup_frequency} and takes one if so, verifies it when
 * {@code disaster_recovery} is on, then removes backups past {@code backup_retention_days}. The replicas must share
 * the backup directory (a volume every replica mounts), as they share the keyring.
 */
@Component
class BackupSchedule {

    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

    private final Backups backups;
    private final SingletonWork singleton;
    private final Clock clock;

    BackupSchedule(Backups backups, SingletonWork singleton, Optional<Clock> clock) {
        this.backups = backups;
        this.singleton = singleton;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER, fixedDelayString = "${aurelis.backup.check-interval:1m}",
            initialDelayString = "${aurelis.backup.check-interval:1m}")
    void check() {
        try {
            singleton.runIfFree("operations.backup", this::backupIfDue);
        } catch (RuntimeException e) {
            log.error("The scheduled backup failed: {}", e.getMessage(), e);
        }
    }

    /** Whether a scheduled backup is due: none yet, or the newest is {@code backup_frequency} old. */
    static boolean due(BackupSettings settings, Optional<Instant> newest, Instant now) {
        return settings.scheduled() && (newest.isEmpty() || !newest.get().plus(settings.frequency()).isAfter(now));
    }

    /** Takes a backup when one is due and removes expired ones; says whether it took one. */
    boolean backupIfDue() {
        BackupSettings settings = backups.settings();
        boolean took = false;
        if (due(settings, backups.newest(), clock.instant())) {
            BackupInfo backup = backups.create("scheduled");
            if (settings.disasterRecovery()) {
                backups.verify(backup.id());
                log.info("Backup {} verified: it opens and every table matches its checksum", backup.id());
            }
            took = true;
        }
        backups.prune();
        return took;
    }
}
