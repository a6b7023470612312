package dev.aurelis.configuration;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code integrations.monitoring.tracing}: OpenTelemetry traces of each exchange over OTLP/HTTP (ADR 0062). Spring
 * Boot's auto-configuration builds the OpenTelemetry SDK, its bounded batch span processor and the OTLP exporter
 * (Micrometer Tracing's bridge in front); this says where the exporter sends, with which headers, and how much is
 * sampled. With tracing off the tracer is Micrometer's no-op one, so no span is made anywhere.
 */
@Configuration(proxyBeanMethods = false)
class TracingExports {

    private static final Logger log = LoggerFactory.getLogger(TracingExports.class);

    /** Where Spring Boot reads the traces endpoint; it maps OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT there. */
    static final String ENVIRONMENT_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Bean
    @Conditional(TracingOn.class)
    OtlpTracingConnectionDetails aurelisTracesEndpoint(ActiveConfiguration active, Environment environment) {
        URI endpoint = tracing(active).endpointOr(environment.getProperty(ENVIRONMENT_ENDPOINT));
        log.info("Exporting traces of the exchanges over OTLP/HTTP to {}", endpoint);
        return transport -> endpoint.toString();
    }

    @Bean
    @Conditional(TracingOn.class)
    OtlpHttpSpanExporterBuilderCustomizer aurelisTracesHeaders(ActiveConfiguration active) {
        return builder -> tracing(active).headers().forEach(builder::addHeader);
    }

    /** Parent-based: a caller's sampled (or unsampled) trace is followed; new traces are sampled at the ratio. */
    @Bean
    @Conditional(SamplingRatioGiven.class)
    Sampler aurelisTracesSampler(ActiveConfiguration active) {
        return Sampler.parentBased(Sampler.traceIdRatioBased(tracing(active).samplingRatio()));
    }

    /** Tracing off: Micrometer's no-op tracer stands in for the OpenTelemetry one, so nothing makes a span. */
    @Bean
    @Conditional(TracingOff.class)
    Tracer noTracing() {
        return Tracer.NOOP;
    }

    private static Integrations.Tracing tracing(ActiveConfiguration active) {
        return active.config().integrations().monitoring().tracing();
    }

    private static boolean on(ConditionContext context) {
        return MonitoringExports.monitoring(context).tracing().on(context.getEnvironment().getProperty(ENVIRONMENT_ENDPOINT));
    }

    static final class TracingOn implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return on(context);
        }
    }

    static final class TracingOff implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !on(context);
        }
    }

    static final class SamplingRatioGiven implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return on(context) && MonitoringExports.monitoring(context).tracing().samplingRatio() != null;
        }
    }
}
