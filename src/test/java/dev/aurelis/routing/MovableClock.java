package dev.aurelis.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A routing clock that runs with real time but can be moved forward, so cooldowns pass without waiting. */
public final class MovableClock implements RoutingClock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final Instant frozen;

    private MovableClock(Instant frozen) {
        this.frozen = frozen;
    }

    /** Real time plus the moves made. */
    public static MovableClock running() {
        return new MovableClock(null);
    }

    /** A fixed instant plus the moves made: time passes only when a test says so. */
    public static MovableClock frozenAt(Instant start) {
        return new MovableClock(start);
    }

    @Override
    public Instant now() {
        return (frozen != null ? frozen : Instant.now()).plus(offset.get());
    }

    public void advance(Duration duration) {
        offset.accumulateAndGet(duration, Duration::plus);
    }
}
