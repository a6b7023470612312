package dev.aurelis.gateway.pipeline;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a replica leaves ({@code AURELIS_SHUTDOWN_READINESS_DELAY}, {@code AURELIS_SHUTDOWN_DRAIN_TIMEOUT}; the Helm
 * chart sets both from {@code shutdown.*}).
 *
 * @param readinessDelay how long new exchanges are still served after readiness turns false, while load balancers
 *                       stop sending any (Kubernetes takes a few seconds to drop a pod from its endpoints)
 * @param drainTimeout   how long exchanges and streams in flight may take to finish before the server stops
 */
@ConfigurationProperties(prefix = "aurelis.shutdown")
record ShutdownProperties(Duration readinessDelay, Duration drainTimeout) {

    ShutdownProperties {
        readinessDelay = readinessDelay == null || readinessDelay.isNegative() ? Duration.ZERO : readinessDelay;
        drainTimeout = drainTimeout == null || drainTimeout.isNegative() ? Duration.ofSeconds(30) : drainTimeout;
    }
}
