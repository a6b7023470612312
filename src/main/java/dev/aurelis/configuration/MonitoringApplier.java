package dev.aurelis.configuration;

import dev.aurelis.operations.GrafanaDashboard;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Applies {@code integrations.monitoring.grafana}: with the switch on, Aurelis serves its dashboard for import and,
 * given {@code grafana_url} and {@code grafana_token}, publishes it to that Grafana once the application has started
 * (the OTLP switches are {@link MonitoringExports}). One of the two without the other stops the start with the key to
 * set.
 */
@Component
class MonitoringApplier implements SmartInitializingSingleton {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MonitoringApplier.class);

    private final ActiveConfiguration active;
    private final GrafanaDashboard dashboard;

    MonitoringApplier(ActiveConfiguration active, GrafanaDashboard dashboard) {
        this.active = active;
        this.dashboard = dashboard;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Integrations.Monitoring monitoring = active.config().integrations().monitoring();
        if (!monitoring.grafana()) {
            return;
        }
        dashboard.serve();
        if (monitoring.grafanaUrl() == null && monitoring.grafanaToken() == null) {
            log.info("integrations.monitoring.grafana: the dashboard is served at GET /api/v1/monitoring/grafana-dashboard; "
                    + "set grafana_url and grafana_token to have Aurelis publish it to your Grafana");
            return;
        }
        List<ConfigurationProblem> missing = new ArrayList<>();
        if (monitoring.grafanaUrl() == null || !List.of("http", "https").contains(monitoring.grafanaUrl().getScheme())) {
            missing.add(new ConfigurationProblem("integrations.monitoring.grafana_url",
                    "is needed with grafana_token: the Grafana to publish the dashboard to, such as "
                            + "https://grafana.example.com", 0));
        }
        if (monitoring.grafanaToken() == null) {
            missing.add(new ConfigurationProblem("integrations.monitoring.grafana_token",
                    "is needed with grafana_url: a service account token that may write dashboards, such as "
                            + "${GRAFANA_TOKEN}", 0));
        }
        if (!missing.isEmpty()) {
            throw new InvalidConfigurationException(String.valueOf(active.source()), missing);
        }
        dashboard.publish(new GrafanaDashboard.Target(monitoring.grafanaUrl(), monitoring.grafanaToken(),
                monitoring.grafanaFolderUid()));
    }
}
