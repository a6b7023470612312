package dev.aurelis.onboarding.steps;

import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.storage.DatabaseReachability;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;

/**
 * {@code deploy_production_environment}: the server runs the environment the configuration names, is ready for
 * traffic (what {@code /ready} answers), reaches its database, and has no migration pending.
 */
@Component
class ProductionDeploymentStep implements OnboardingStep {

    private final ActiveConfiguration active;
    private final ApplicationAvailability availability;
    private final DatabaseReachability database;
    private final ObjectProvider<Flyway> flyway;

    ProductionDeploymentStep(ActiveConfiguration active, ApplicationAvailability availability,
            DatabaseReachability database, ObjectProvider<Flyway> flyway) {
        this.active = active;
        this.availability = availability;
        this.database = database;
        this.flyway = flyway;
    }

    @Override
    public String name() {
        return "deploy_production_environment";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        String declared = context.config().environment();
        String serving = active.config().environment();
        if (declared != null && !Objects.equals(declared, serving)) {
            throw new StepFailed("The configuration is for environment '" + declared + "' but the server runs '"
                    + serving + "' (AURELIS_ENVIRONMENT).");
        }
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            throw new StepFailed("The server is not ready for traffic (" + availability.getReadinessState() + ").");
        }
        if (!database.reachable()) {
            throw new StepFailed("The server does not reach its database.");
        }
        Flyway migrations = flyway.getIfAvailable();
        int pending = migrations == null ? 0 : migrations.info().pending().length;
        if (pending > 0) {
            throw new StepFailed(pending + " database migrations are pending; restart the server to apply them.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("environment", serving);
        result.put("ready", true);
        result.put("schema_version", migrations == null || migrations.info().current() == null ? null
                : migrations.info().current().getVersion().getVersion());
        result.put("min_replicas", context.config().highAvailability().minReplicas());
        result.put("max_replicas", context.config().highAvailability().maxReplicas());
        return result;
    }
}
