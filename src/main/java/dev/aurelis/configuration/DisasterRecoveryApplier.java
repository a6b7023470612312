package dev.aurelis.configuration;

import dev.aurelis.operations.BackupSettings;
import dev.aurelis.operations.Backups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Applies {@code high_availability}'s backup and disaster-recovery keys to the backups (ADR 0044), and says at start
 * when the recovery point objective is shorter than the backup frequency can give: that gap is PostgreSQL's to close
 * (WAL archiving, docs/disaster-recovery.md), and Aurelis does not pretend otherwise.
 */
@Component
class DisasterRecoveryApplier implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DisasterRecoveryApplier.class);

    private final ActiveConfiguration active;
    private final Backups backups;

    DisasterRecoveryApplier(ActiveConfiguration active, Backups backups) {
        this.active = active;
        this.backups = backups;
    }

    @Override
    public void afterSingletonsInstantiated() {
        BackupSettings settings = settingsOf(active.config().highAvailability());
        backups.configure(settings);
        if (settings.scheduled()) {
            log.info("Backups every {} minutes to {}, kept {} days{}", settings.frequency().toMinutes(),
                    backups.directory(), settings.retentionDays(),
                    settings.disasterRecovery() ? ", each verified after it is written" : "");
        }
        if (settings.rpoBeyondBackups()) {
            log.warn("high_availability.rpo_minutes is {} but backups are taken every {} minutes: Aurelis's own backups "
                    + "can lose up to that much. Reaching the RPO needs PostgreSQL WAL archiving and replication "
                    + "(docs/disaster-recovery.md)", settings.rpoMinutes(), settings.frequency().toMinutes());
        }
    }

    static BackupSettings settingsOf(HighAvailability ha) {
        boolean scheduled = "automated".equals(ha.backupStrategy()) || ha.backupFrequency() != null
                || ha.disasterRecovery();
        return new BackupSettings(scheduled, ha.backupFrequency(),
                ha.backupRetentionDays() == null ? 0 : ha.backupRetentionDays(), ha.disasterRecovery(),
                ha.rtoMinutes(), ha.rpoMinutes());
    }
}
