package dev.aurelis.compliance;

import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.AurelisConfig;
import dev.aurelis.configuration.LoadedConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The compliance settings as this module applies them: the frameworks the organisation reports against
 * ({@code compliance.frameworks} and {@code security.compliance_framework}), whether reports are offered
 * ({@code compliance.compliance_reporting}) and whether controls are checked on a schedule
 * ({@code compliance.automated_compliance_checks}).
 */
@Component
public class ComplianceSettings {

    private final Supplier<LoadedConfiguration> configuration;

    @Autowired
    ComplianceSettings(ActiveConfiguration configuration) {
        this(configuration::loaded);
    }

    private ComplianceSettings(Supplier<LoadedConfiguration> configuration) {
        this.configuration = configuration;
    }

    /** Settings fixed to a loaded file, for components built by hand. */
    public static ComplianceSettings of(LoadedConfiguration loaded) {
        return new ComplianceSettings(() -> loaded);
    }

    AurelisConfig config() {
        return configuration.get().config();
    }

    /** The frameworks named by the configuration, in order, without repeats; unknown names are skipped. */
    public List<Framework> frameworks() {
        List<String> names = new ArrayList<>(config().compliance().frameworks());
        if (config().security().complianceFramework() != null) {
            names.add(config().security().complianceFramework());
        }
        List<Framework> frameworks = new ArrayList<>();
        for (String name : names) {
            try {
                Framework f = Framework.parse(name);
                if (!frameworks.contains(f)) {
                    frameworks.add(f);
                }
            } catch (IllegalArgumentException ignored) {
                // refused when the file is loaded (the configuration's pattern); kept safe here all the same
            }
        }
        return frameworks;
    }

    public boolean reporting() {
        return config().compliance().complianceReporting();
    }

    public boolean automatedChecks() {
        return config().compliance().automatedComplianceChecks();
    }

    /** Keys under these prefixes that the configuration sets and this version accepts but does not act on. */
    public List<String> notYetEnforcedIn(String... prefixes) {
        return configuration.get().notYetEnforced().stream()
                .filter(key -> java.util.Arrays.stream(prefixes).anyMatch(key::startsWith)).toList();
    }
}
