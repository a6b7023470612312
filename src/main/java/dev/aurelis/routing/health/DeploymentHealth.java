package dev.aurelis.routing.health;

import dev.aurelis.providers.Deployment;
import dev.aurelis.routing.DeploymentStatus;
import dev.aurelis.routing.RoutingSettings.BreakerPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * What Aurelis knows about one deployment: its last attempts (error rate), recent latencies (percentiles), the
 * state of its circuit breaker and a pause asked for by the provider's {@code retry-after}.
 *
 * <p>The breaker is closed while the failure rate over the last {@code window} attempts stays below
 * {@code failureRate} (counted once {@code minimumCalls} attempts are in the window). Above it the breaker opens:
 * the deployment gets no request for {@code cooldown}. Then it is half-open: {@code halfOpenCalls} trial attempts
 * are let through; when all succeed it closes with an empty window, when one fails it opens again. Attempts are few
 * per request and the lock is held for a handful of instructions, so one monitor per deployment is enough.
 */
public final class DeploymentHealth {

    public enum Breaker { CLOSED, OPEN, HALF_OPEN }

    /** What an attempt was allowed: nothing, a normal call, or one of the half-open breaker's trials. */
    public enum Permit { DENIED, CALL, TRIAL }

    /** Latency samples kept for percentiles. */
    static final int LATENCY_SAMPLES = 256;

    private final String key;
    private final Deployment deployment;

    private BreakerPolicy policy;
    private boolean[] window;
    private int windowCount;
    private int windowNext;
    private int windowFailures;

    private final long[] latencies = new long[LATENCY_SAMPLES];
    private int latencyCount;
    private int latencyNext;
    private long[] sortedLatencies;

    private Breaker breaker = Breaker.CLOSED;
    private Instant openedAt;
    private int trialsInFlight;
    private int trialSuccesses;
    private Instant coolingUntil;

    private long attempts;
    private long failures;
    private String lastError;
    private Instant lastErrorAt;

    public DeploymentHealth(String key, Deployment deployment, BreakerPolicy policy) {
        this.key = key;
        this.deployment = deployment;
        apply(policy);
    }

    String key() {
        return key;
    }

    public Deployment deployment() {
        return deployment;
    }

    /** Takes a new policy; a new window size starts an empty window. */
    public synchronized void apply(BreakerPolicy newPolicy) {
        if (window == null || window.length != newPolicy.window()) {
            window = new boolean[newPolicy.window()];
            windowCount = 0;
            windowNext = 0;
            windowFailures = 0;
        }
        if (!newPolicy.enabled()) {
            breaker = Breaker.CLOSED;
            coolingUntil = null;
        }
        policy = newPolicy;
    }

    /** Asks to send one attempt now. A permit other than {@link Permit#DENIED} must be followed by an outcome or a release. */
    public synchronized Permit acquire(Instant now) {
        if (!policy.enabled()) {
            return Permit.CALL;
        }
        if (coolingUntil != null && now.isBefore(coolingUntil)) {
            return Permit.DENIED;
        }
        if (breaker == Breaker.OPEN) {
            if (now.isBefore(openedAt.plus(policy.cooldown()))) {
                return Permit.DENIED;
            }
            breaker = Breaker.HALF_OPEN;
            trialsInFlight = 0;
            trialSuccesses = 0;
        }
        if (breaker == Breaker.HALF_OPEN) {
            if (trialsInFlight + trialSuccesses >= policy.halfOpenCalls()) {
                return Permit.DENIED;
            }
            trialsInFlight++;
            return Permit.TRIAL;
        }
        return Permit.CALL;
    }

    /**
     * The attempt worked (or failed through no fault of the deployment, e.g. the client's own bad request).
     *
     * @param latency time to the answer's first content; null when the attempt says nothing about speed
     */
    public synchronized void succeeded(Permit permit, Duration latency) {
        attempts++;
        if (latency != null) {
            latencies[latencyNext] = latency.toMillis();
            latencyNext = (latencyNext + 1) % LATENCY_SAMPLES;
            latencyCount = Math.min(latencyCount + 1, LATENCY_SAMPLES);
            sortedLatencies = null;
        }
        if (permit == Permit.TRIAL) {
            trialsInFlight = Math.max(0, trialsInFlight - 1);
            if (breaker == Breaker.HALF_OPEN && ++trialSuccesses >= policy.halfOpenCalls()) {
                close();
            }
        } else if (breaker == Breaker.CLOSED) {
            record(false);
        }
    }

    public synchronized void failed(Permit permit, String error, Instant now) {
        attempts++;
        failures++;
        lastError = error;
        lastErrorAt = now;
        if (permit == Permit.TRIAL) {
            trialsInFlight = Math.max(0, trialsInFlight - 1);
            if (breaker == Breaker.HALF_OPEN && policy.enabled()) {
                open(now);
            }
        } else if (breaker == Breaker.CLOSED) {
            record(true);
            if (policy.enabled() && windowCount >= policy.minimumCalls()
                    && (double) windowFailures / windowCount >= policy.failureRate()) {
                open(now);
            }
        }
    }

    /** An attempt that ended without an outcome (the client left): frees a trial slot. */
    public synchronized void released(Permit permit) {
        if (permit == Permit.TRIAL) {
            trialsInFlight = Math.max(0, trialsInFlight - 1);
        }
    }

    /** The provider asked not to be called before {@code until}. */
    public synchronized void coolUntil(Instant until) {
        if (policy.enabled() && (coolingUntil == null || until.isAfter(coolingUntil))) {
            coolingUntil = until;
        }
    }

    /** When the deployment may next be called: now (or earlier) when it may be called at once. */
    public synchronized Instant availableFrom(Instant now) {
        if (!policy.enabled()) {
            return now;
        }
        Instant from = now;
        if (coolingUntil != null && coolingUntil.isAfter(from)) {
            from = coolingUntil;
        }
        if (breaker == Breaker.OPEN && openedAt.plus(policy.cooldown()).isAfter(from)) {
            from = openedAt.plus(policy.cooldown());
        }
        if (breaker == Breaker.HALF_OPEN && trialsInFlight + trialSuccesses >= policy.halfOpenCalls()) {
            // the trial is still running; its outcome decides
            from = now.plus(policy.cooldown());
        }
        return from;
    }

    public synchronized boolean availableAt(Instant now) {
        return !availableFrom(now).isAfter(now);
    }

    /** Failing often, though not (yet) often enough to open the breaker: half the opening rate or more. */
    public synchronized boolean degraded() {
        return windowCount >= policy.minimumCalls() && errorRate() >= policy.failureRate() / 2;
    }

    synchronized double errorRate() {
        return windowCount == 0 ? 0 : (double) windowFailures / windowCount;
    }

    public synchronized Breaker breaker() {
        return breaker;
    }

    /** The latency below which {@code quantile} of the recent attempts answered; null before the first sample. */
    public synchronized Long latencyPercentile(double quantile) {
        if (latencyCount == 0) {
            return null;
        }
        if (sortedLatencies == null) {
            sortedLatencies = Arrays.copyOf(latencies, latencyCount);
            Arrays.sort(sortedLatencies);
        }
        int index = (int) Math.ceil(quantile * latencyCount) - 1;
        return sortedLatencies[Math.clamp(index, 0, latencyCount - 1)];
    }

    public synchronized DeploymentStatus status(Instant now) {
        String state;
        if (!availableAt(now)) {
            state = breaker == Breaker.HALF_OPEN ? "probing" : "unavailable";
        } else if (breaker == Breaker.HALF_OPEN) {
            state = "probing";
        } else {
            state = degraded() ? "degraded" : "healthy";
        }
        Instant retryAt = breaker == Breaker.OPEN ? openedAt.plus(policy.cooldown()) : null;
        Instant cooling = coolingUntil != null && coolingUntil.isAfter(now) ? coolingUntil : null;
        return new DeploymentStatus(key, deployment.provider().name(), deployment.model(), deployment.providerModelId(),
                deployment.provider().region(), deployment.provider().onPremise(), state,
                breaker.name().toLowerCase(java.util.Locale.ROOT), errorRate(), windowCount, windowFailures, attempts,
                failures, new DeploymentStatus.Latency(latencyPercentile(0.5), latencyPercentile(0.95),
                        latencyPercentile(0.99), latencyCount),
                lastError, lastErrorAt, breaker == Breaker.CLOSED ? null : openedAt, retryAt, cooling);
    }

    private void record(boolean failure) {
        if (windowCount == window.length) {
            if (window[windowNext]) {
                windowFailures--;
            }
        } else {
            windowCount++;
        }
        window[windowNext] = failure;
        if (failure) {
            windowFailures++;
        }
        windowNext = (windowNext + 1) % window.length;
    }

    private void open(Instant now) {
        breaker = Breaker.OPEN;
        openedAt = now;
        trialsInFlight = 0;
        trialSuccesses = 0;
    }

    private void close() {
        breaker = Breaker.CLOSED;
        windowCount = 0;
        windowNext = 0;
        windowFailures = 0;
        Arrays.fill(window, false);
    }
}
