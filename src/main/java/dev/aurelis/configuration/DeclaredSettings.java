package dev.aurelis.configuration;

import dev.aurelis.operations.BackupSettings;
import dev.aurelis.spend.Budget;
import dev.aurelis.tenancy.TenantId;
import java.util.List;

/**
 * What a configuration declares, exactly as applying it at start hands it to the owning modules: for checks that
 * compare a file with the running system (onboarding) without applying it.
 */
public final class DeclaredSettings {

    private DeclaredSettings() {
    }

    public static List<Budget> budgets(AurelisConfig config, TenantId tenant) {
        return ConfigurationApplier.budgetsOf(config, tenant);
    }

    public static BackupSettings backups(AurelisConfig config) {
        return DisasterRecoveryApplier.settingsOf(config.highAvailability());
    }
}
