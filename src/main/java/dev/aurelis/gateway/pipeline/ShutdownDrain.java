package dev.aurelis.gateway.pipeline;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown of the gateway (SIGTERM, or any close of the application): readiness turns false ({@code /ready}
 * answers 503), new exchanges are still served for {@code readiness-delay} while load balancers take the replica out,
 * then refused with a retryable 503 that closes the connection, and the exchanges and streams in flight finish within
 * {@code drain-timeout}. Only then does the web server stop (this phase stops before its graceful shutdown, which
 * would stop answering {@code /ready} at all) and, after it, the usage ledger flushes what is queued.
 */
@Component
@EnableConfigurationProperties(ShutdownProperties.class)
class ShutdownDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Admission admission;
    private final ShutdownProperties properties;
    private final ApplicationEventPublisher events;
    private volatile boolean running;
    private volatile boolean drained;

    ShutdownDrain(Admission admission, ShutdownProperties properties, ApplicationEventPublisher events) {
        this.admission = admission;
        this.properties = properties;
        this.events = events;
    }

    @Override
    public void start() {
        running = true;
        if (drained) {
            // started again after a stop without a close (a paused context): serve again
            drained = false;
            admission.acceptNew();
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    @Override
    public void stop() {
        try {
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drained = true;
            running = false;
        }
    }

    private void drain() throws InterruptedException {
        // the servlet context publishes this too when it closes; published here as well so that any close drains
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        Duration delay = properties.readinessDelay();
        if (delay.isPositive()) {
            log.info("Shutting down: not ready; serving new exchanges {} more seconds while load balancers drop this "
                    + "replica", delay.toSeconds());
            Thread.sleep(delay); // the delay is the point: endpoints controllers and proxies catch up meanwhile
        }
        admission.refuseNew();
        log.info("Shutting down: new exchanges are refused; waiting up to {} s for those in flight",
                properties.drainTimeout().toSeconds());
        int left = admission.awaitIdle(properties.drainTimeout());
        if (left > 0) {
            log.warn("Shutting down with {} exchanges still in flight after the drain timeout ({} s)", left,
                    properties.drainTimeout().toSeconds());
        } else {
            log.info("Shutting down: every exchange in flight has finished");
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown, which stops accepting connections (and so {@code /ready}). */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }
}
