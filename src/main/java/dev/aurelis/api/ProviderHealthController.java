package dev.aurelis.api;

import dev.aurelis.routing.DeploymentStatus;
import dev.aurelis.routing.Router;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/providers/health}: every deployment's state, error rate, latency percentiles and circuit
 * breaker, as this replica sees them (the same figures are Prometheus metrics under {@code aurelis_routing_}).
 */
@RestController
class ProviderHealthController {

    private final Router router;

    ProviderHealthController(Router router) {
        this.router = router;
    }

    /** @param strategy how the auto model is resolved */
    record ProviderHealth(String strategy, String autoModel, List<DeploymentStatus> deployments) {
    }

    @GetMapping("/api/v1/providers/health")
    ProviderHealth health() {
        return new ProviderHealth(router.settings().strategy().configName(), router.settings().autoModel(),
                router.health());
    }
}
