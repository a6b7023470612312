package dev.aurelis.onboarding.steps;

import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.operations.GrafanaDashboard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code setup_analytics_dashboard}: analytics is on when declared (the console's reports and the analytics API
 * answer), and with {@code integrations.monitoring.grafana} the Grafana dashboard was not refused.
 */
@Component
class AnalyticsDashboardStep implements OnboardingStep {

    private final AnalyticsSettings analytics;
    private final GrafanaDashboard grafana;

    AnalyticsDashboardStep(AnalyticsSettings analytics, GrafanaDashboard grafana) {
        this.analytics = analytics;
        this.grafana = grafana;
    }

    @Override
    public String name() {
        return "setup_analytics_dashboard";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        boolean declared = context.config().analytics().enabled();
        if (declared && !analytics.policy().enabled()) {
            throw new StepFailed("analytics.enabled is declared but the server's analytics are off; restart it with "
                    + "this configuration.");
        }
        GrafanaDashboard.Outcome published = grafana.lastOutcome();
        if (context.config().integrations().monitoring() != null && context.config().integrations().monitoring().grafana()
                && published != null && "refused".equals(published.status())) {
            throw new StepFailed("Grafana refused the dashboard: " + published.detail());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("analytics", analytics.policy().enabled());
        result.put("console", "/console/reports");
        result.put("grafana_dashboard", published == null ? (grafana.served().isPresent() ? "served" : "not published")
                : published.status());
        return result;
    }
}
