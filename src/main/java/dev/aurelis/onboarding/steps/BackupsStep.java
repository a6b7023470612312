package dev.aurelis.onboarding.steps;

import dev.aurelis.configuration.DeclaredSettings;
import dev.aurelis.operations.BackupInfo;
import dev.aurelis.operations.BackupSettings;
import dev.aurelis.operations.Backups;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code setup_backup_procedures}: the server's backup schedule and retention are the declared ones, and a backup
 * exists; when none does, one is taken now (so a restore is possible from the first day).
 */
@Component
class BackupsStep implements OnboardingStep {

    private final Backups backups;

    BackupsStep(Backups backups) {
        this.backups = backups;
    }

    @Override
    public String name() {
        return "setup_backup_procedures";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        BackupSettings declared = DeclaredSettings.backups(context.config());
        BackupSettings serving = backups.settings();
        if (declared.scheduled() != serving.scheduled() || !declared.frequency().equals(serving.frequency())
                || declared.retentionDays() != serving.retentionDays()) {
            throw new StepFailed("The server's backups (" + describe(serving) + ") are not the declared ones ("
                    + describe(declared) + "); restart it with this configuration (high_availability).");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("schedule", describe(serving));
        Optional<Instant> newest = backups.newest();
        if (newest.isPresent()) {
            result.put("newest_backup", newest.get().toString());
        } else {
            BackupInfo taken = backups.create("manual");
            result.put("backup_taken", taken.id());
        }
        return result;
    }

    private static String describe(BackupSettings settings) {
        return (settings.scheduled() ? "every " + settings.frequency().toMinutes() + " minutes" : "on demand")
                + ", kept " + settings.retentionDays() + " days";
    }
}
