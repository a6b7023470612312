package dev.aurelis.onboarding.steps;

import dev.aurelis.alerting.Alerts;
import dev.aurelis.configuration.AlertRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code setup_monitoring_alerts}: every rule {@code alerts.rules} declares is loaded by the alerting module. */
@Component
class MonitoringAlertsStep implements OnboardingStep {

    private final Alerts alerts;

    MonitoringAlertsStep(Alerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "setup_monitoring_alerts";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        List<String> loaded = alerts.rules().stream().map(rule -> String.valueOf(rule.get("name"))).toList();
        List<String> missing = context.config().alerts().rules().stream().map(AlertRules.Rule::name)
                .filter(name -> !loaded.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new StepFailed("Alert rules declared but not loaded: " + String.join(", ", missing)
                    + ". The server loads alerts.rules at start: restart it with this configuration.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rules_loaded", loaded.size());
        result.put("rules", loaded);
        return result;
    }
}
