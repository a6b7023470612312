package dev.aurelis.gateway.wire;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.providers.WireFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * A limit on large requests at once (ADR 0039). A request body up to {@code gateway.max_body_size} is held, parsed
 * and often copied while its exchange lasts, several times its size in all; a few dozen at the limit would fill
 * any heap while {@code gateway.max_in_flight} still admits them. Bodies over {@link #LARGE_BYTES} (and bodies of
 * unknown length) therefore take one of a number of places sized from the heap: the heap divided by
 * {@link #HEAP_SHARE_PER_BODY} times the body limit, at least {@link #MIN_PLACES}. A large request that finds no
 * place within {@link #WAIT} is refused like any overload (503, 529 for Anthropic clients, with
 * {@code retry-after}); small requests never wait for large ones.
 */
@Component
public class LargeBodies {

    /** Above every ordinary request of a coding agent (~80 KB), below images and long files. */
    public static final long LARGE_BYTES = 1024 * 1024;
    static final int HEAP_SHARE_PER_BODY = 8;
    static final int MIN_PLACES = 2;
    static final Duration WAIT = Duration.ofSeconds(5);

    private final GatewaySettings settings;
    private final long maxHeap;
    private final Counter refused;
    private volatile Places places;

    private record Places(long maxBodyBytes, Semaphore semaphore, int size) {
    }

    public LargeBodies(GatewaySettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.maxHeap = Runtime.getRuntime().maxMemory();
        this.refused = Counter.builder("aurelis.gateway.exchanges.refused")
                .description("Exchanges refused because the gateway was at a limit of its own")
                .tag("limit", "large_bodies").register(meters);
    }

    /** How many large requests may be handled at once with the current body limit. */
    public int places() {
        return current().size();
    }

    /** Admits the request's body: at once when it is small, else when a place is free; close the permit when done. */
    public Permit admit(HttpServletRequest request, WireFormat format) {
        long declared = request.getContentLengthLong();
        if (declared >= 0 && declared <= LARGE_BYTES) {
            return Permit.NONE;
        }
        Places current = current();
        boolean acquired;
        try {
            acquired = current.semaphore().tryAcquire(WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            refused.increment();
            throw new GatewayError(GatewayError.Kind.UNAVAILABLE, format.isAnthropic() ? 529 : 503,
                    "Aurelis is handling its limit of " + current.size() + " large requests at once; try again in a "
                            + "moment.", "overloaded", null).retryAfter(Duration.ofSeconds(1));
        }
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        Semaphore semaphore = current.semaphore();
        return () -> {
            if (open.compareAndSet(true, false)) {
                semaphore.release();
            }
        };
    }

    private Places current() {
        Places p = places;
        long maxBody = settings.maxBodyBytes();
        if (p == null || p.maxBodyBytes() != maxBody) {
            synchronized (this) {
                p = places;
                if (p == null || p.maxBodyBytes() != maxBody) {
                    int size = (int) Math.max(MIN_PLACES, Math.min(1024, maxHeap / (HEAP_SHARE_PER_BODY * maxBody)));
                    p = new Places(maxBody, new Semaphore(size, true), size);
                    places = p;
                }
            }
        }
        return p;
    }

    /** A large request's place, given back on close (once: a semaphore does not count releases). */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {

        Permit NONE = () -> {
        };

        @Override
        void close();
    }
}
