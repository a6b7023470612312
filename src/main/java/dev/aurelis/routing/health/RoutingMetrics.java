package dev.aurelis.routing.health;

import dev.aurelis.routing.RoutingClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The provider health report as Prometheus metrics, per deployment: breaker state (0 closed, 1 half-open, 2 open),
 * whether it may be called now, error rate over the breaker's window, latency percentiles, and attempts by outcome.
 */
public final class RoutingMetrics {

    private final MeterRegistry registry;
    private final Map<String, List<Meter>> gaugesByDeployment = new ConcurrentHashMap<>();

    public RoutingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void track(DeploymentHealth health, RoutingClock clock) {
        untrack(health.key());
        Tags tags = Tags.of("deployment", health.key(), "provider", health.deployment().provider().name(),
                "model", health.deployment().model());
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("aurelis.routing.deployment.breaker.state", "Circuit breaker: 0 closed, 1 half-open, 2 open",
                tags, health, h -> h.breaker().ordinal() == 0 ? 0 : h.breaker() == DeploymentHealth.Breaker.HALF_OPEN ? 1 : 2));
        meters.add(gauge("aurelis.routing.deployment.available", "1 when the deployment may be called now", tags, health,
                h -> h.availableAt(clock.now()) ? 1 : 0));
        meters.add(gauge("aurelis.routing.deployment.error.rate", "Failed share of the attempts in the breaker's window",
                tags, health, DeploymentHealth::errorRate));
        for (double quantile : new double[] {0.5, 0.95, 0.99}) {
            meters.add(Gauge.builder("aurelis.routing.deployment.latency", health, h -> {
                        Long millis = h.latencyPercentile(quantile);
                        return millis == null ? Double.NaN : millis / 1000.0;
                    })
                    .description("Recent time to the first content of an answer")
                    .baseUnit("seconds")
                    .tags(tags.and("quantile", Double.toString(quantile)))
                    .register(registry));
        }
        gaugesByDeployment.put(health.key(), meters);
    }

    public void untrack(String key) {
        List<Meter> meters = gaugesByDeployment.remove(key);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    public void attempt(String deployment, String outcome) {
        Counter.builder("aurelis.routing.attempts")
                .description("Upstream attempts by deployment and outcome")
                .tags("deployment", deployment, "outcome", outcome)
                .register(registry)
                .increment();
    }

    private Meter gauge(String name, String description, Tags tags, DeploymentHealth health,
            ToDoubleFunction<DeploymentHealth> value) {
        return Gauge.builder(name, health, value).description(description).tags(tags).register(registry);
    }
}
