package dev.aurelis.routing;

import java.time.Instant;

/**
 * The time circuit breakers and {@code retry-after} pauses are measured in. A bean of this type replaces the
 * system clock (tests move it forward instead of waiting).
 */
@FunctionalInterface
public interface RoutingClock {

    Instant now();

    static RoutingClock system() {
        return Instant::now;
    }
}
