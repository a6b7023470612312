package dev.aurelis.cli;

import dev.aurelis.configuration.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code deployment.health_check} as the chart's probes: its endpoint is the liveness probe's path, its timeout and
 * retries each probe's {@code timeoutSeconds} and {@code failureThreshold}. Readiness stays on {@code /ready}, which
 * turns false while a replica drains.
 */
final class Probes {

    private Probes() {
    }

    static Map<String, Object> of(Deployment.HealthCheck check) {
        Map<String, Object> liveness = new LinkedHashMap<>();
        Map<String, Object> readiness = new LinkedHashMap<>();
        if (check != null) {
            if (check.endpoint() != null) {
                if (!check.endpoint().startsWith("/")) {
                    throw new CliException("deployment.health_check.endpoint: '" + check.endpoint()
                            + "' is not a path", "Write it as the brief does, e.g. /health.", 1);
                }
                liveness.put("path", check.endpoint());
            }
            if (check.timeout() != null) {
                long seconds = Math.max(1, check.timeout().toSeconds());
                liveness.put("timeoutSeconds", seconds);
                readiness.put("timeoutSeconds", seconds);
                // a probe must not start again before the previous one may time out
                liveness.put("periodSeconds", Math.max(30, seconds));
                readiness.put("periodSeconds", Math.max(10, seconds));
            }
            if (check.retries() != null) {
                int threshold = Math.max(1, check.retries());
                liveness.put("failureThreshold", threshold);
                readiness.put("failureThreshold", threshold);
            }
        }
        Map<String, Object> probes = new LinkedHashMap<>();
        probes.put("liveness", liveness);
        probes.put("readiness", readiness);
        return probes;
    }
}
