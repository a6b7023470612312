package dev.aurelis.operations;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/monitoring/grafana-dashboard}: Aurelis's Grafana dashboard, for import (Dashboards → New →
 * Import) or provisioning, when {@code integrations.monitoring.grafana} is on.
 */
@RestController
class MonitoringController {

    private final GrafanaDashboard dashboard;

    MonitoringController(GrafanaDashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping("/api/v1/monitoring/grafana-dashboard")
    ResponseEntity<?> grafanaDashboard() {
        return dashboard.served().<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.status(404)
                .body(Map.of("error", Map.of("type", "not_found_error", "message",
                        "The Grafana dashboard is served when integrations.monitoring.grafana is true."))));
    }
}
