package dev.aurelis.configuration;

import io.micrometer.core.instrument.Clock;
import io.micrometer.registry.otlp.AggregationTemporality;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code integrations.monitoring.datadog} and {@code newrelic}: a second and third meter registry that push every
 * metric {@code GET /metrics} serves over OTLP/HTTP, with delta temporality (what both vendors ask for), to the
 * Datadog Agent's OTLP receiver and to New Relic's OTLP endpoint (ADR 0056). Each registry exists only when its switch
 * is on: beside Prometheus's, Spring Boot then records every meter in all of them, which costs the hot path a little,
 * so nothing is paid when they are off.
 */
@Configuration(proxyBeanMethods = false)
class MonitoringExports {

    private static final Logger log = LoggerFactory.getLogger(MonitoringExports.class);

    @Bean(destroyMethod = "close")
    @Conditional(DatadogOn.class)
    OtlpMeterRegistry datadogMetrics(ActiveConfiguration active) {
        Integrations.Monitoring monitoring = active.config().integrations().monitoring();
        return registry("Datadog", monitoring.datadogEndpoint(), Map.of(), monitoring.pushInterval(), active.config());
    }

    @Bean(destroyMethod = "close")
    @Conditional(NewRelicOn.class)
    OtlpMeterRegistry newRelicMetrics(ActiveConfiguration active) {
        Integrations.Monitoring monitoring = active.config().integrations().monitoring();
        return registry("New Relic", monitoring.newrelicEndpoint(),
                Map.of("api-key", licenseKey(monitoring, System.getenv()).orElseThrow()), monitoring.pushInterval(),
                active.config());
    }

    /**
     * New Relic's license key: {@code newrelic_license_key}, else the {@code NEW_RELIC_LICENSE_KEY} variable New
     * Relic's own agents read.
     */
    static java.util.Optional<String> licenseKey(Integrations.Monitoring monitoring, Map<String, String> environment) {
        String key = monitoring.newrelicLicenseKey() != null ? monitoring.newrelicLicenseKey()
                : environment.get("NEW_RELIC_LICENSE_KEY");
        return key == null || key.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(key.strip());
    }

    private static OtlpMeterRegistry registry(String vendor, URI endpoint, Map<String, String> headers, Duration every,
            AurelisConfig config) {
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("service.name", "aurelis");
        resource.put("service.instance.id", host());
        resource.put("aurelis.organization", config.organization().tenantId());
        OtlpConfig otlp = new OtlpConfig() {
            @Override
            public String get(String key) {
                return null; // everything comes from integrations.monitoring, never from system properties
            }

            @Override
            public String url() {
                return endpoint.toString();
            }

            @Override
            public Duration step() {
                return every;
            }

            @Override
            public Map<String, String> headers() {
                return headers;
            }

            @Override
            public Map<String, String> resourceAttributes() {
                return resource;
            }

            @Override
            public AggregationTemporality aggregationTemporality() {
                return AggregationTemporality.DELTA;
            }
        };
        log.info("Pushing metrics to {} over OTLP every {} s: {}", vendor, every.toSeconds(), endpoint);
        return OtlpMeterRegistry.builder(otlp).clock(Clock.SYSTEM).build();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The monitoring switches as the file says, read before the beans that depend on them are defined. */
    static Integrations.Monitoring monitoring(ConditionContext context) {
        String file = context.getEnvironment().getProperty("aurelis.config", "");
        if (file.isBlank() || !Files.isRegularFile(Path.of(file))) {
            return Integrations.Monitoring.defaults();
        }
        try {
            return ConfigurationLoader.load(Path.of(file), System.getenv()).config().integrations().monitoring();
        } catch (RuntimeException invalid) {
            return Integrations.Monitoring.defaults(); // the configuration bean reports what is wrong
        }
    }

    static final class DatadogOn implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return monitoring(context).datadog();
        }
    }

    /** On, with a license key: without one New Relic refuses every push, so none is attempted (the start says so). */
    static final class NewRelicOn implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Integrations.Monitoring monitoring = monitoring(context);
            boolean keyed = licenseKey(monitoring, System.getenv()).isPresent();
            if (monitoring.newrelic() && !keyed) {
                log.warn("integrations.monitoring.newrelic is on but no license key is given (newrelic_license_key, "
                        + "or the NEW_RELIC_LICENSE_KEY variable): nothing is pushed to New Relic");
            }
            return monitoring.newrelic() && keyed;
        }
    }
}
