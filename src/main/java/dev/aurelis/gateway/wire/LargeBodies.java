package dev.aurelis.gateway.wire;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.providers.WireFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Limits on the request bodies held at once: large ones (ADR 0039) and ordinary ones (ADR 0075). A request body up to {@code gateway.max_body_size} is held, parsed
 * and often copied while its exchange lasts, several times its size in all; a few dozen at the limit would fill
 * any heap while {@code gateway.max_in_flight} still admits them. Bodies over {@link #LARGE_BYTES} (and bodies of
 * unknown length) therefore take one of a number of places sized from the heap: the heap divided by
 * {@link #HEAP_SHARE_PER_BODY} times the body limit, at least {@link #MIN_PLACES}. A large request that finds no
 * place within {@link #WAIT} is refused like any overload (503, 529 for Anthropic clients, with
 * {@code retry-after}); small requests never wait for large ones.
 * <p>
 * Ordinary bodies share a budget too (ADR 0075): each holds {@link #COST_FACTOR} times its size plus
 * {@link #COST_PER_EXCHANGE} of the heap while its exchange lasts (measured: the bytes, the parsed tree's strings,
 * the on- and off-premise copies the privacy scan makes, the upstream bytes and the relay's buffers), and together
 * they may take two fifths of the heap, which leaves the rest of the old generation to the application when the
 * collector keeps a third of the heap young. An 80 KB coding-agent request costs 501 KiB, so a 512 MB heap holds
 * about 400 of them at once; one more is refused at once, like any overload, instead of filling the heap until the
 * collector takes all the time (measured: 1,000 such streams drove a 512 MB gateway out of memory). Once an
 * exchange's answer starts its parsed request is let go (ADR 0083) and it gives back all but
 * {@link #streamingCostKib} (the bytes sent, kept for the prompt's figures, and the exchange's share): 111 KiB for
 * that request, so the streams a 512 MB heap holds are bounded by {@code gateway.max_in_flight}, not by this budget.
 */
@Component
public class LargeBodies {

    /** Above every ordinary request of a coding agent (~80 KB), below images and long files. */
    public static final long LARGE_BYTES = 1024 * 1024;
    static final int HEAP_SHARE_PER_BODY = 8;
    static final int MIN_PLACES = 2;
    static final Duration WAIT = Duration.ofSeconds(5);
    static final int COST_FACTOR = 6;
    static final long COST_PER_EXCHANGE = 32 * 1024;

    private final GatewaySettings settings;
    private final long maxHeap;
    private final Counter refused;
    private volatile Places places;
    /** The heap ordinary bodies may hold at once, in KiB. */
    private final Semaphore ordinary;
    private final int ordinaryKib;
    private final Counter refusedOrdinary;

    private record Places(long maxBodyBytes, Semaphore semaphore, int size) {
    }

    @Autowired
    public LargeBodies(GatewaySettings settings, MeterRegistry meters) {
        this(settings, meters, Runtime.getRuntime().maxMemory());
    }

    LargeBodies(GatewaySettings settings, MeterRegistry meters, long maxHeap) {
        this.settings = settings;
        this.maxHeap = maxHeap;
        this.ordinaryKib = (int) Math.min(Integer.MAX_VALUE, maxHeap / 5 * 2 / 1024);
        this.ordinary = new Semaphore(ordinaryKib);
        this.refused = refusals(meters, "large_bodies");
        this.refusedOrdinary = refusals(meters, "body_memory");
        Gauge.builder("aurelis.gateway.request_bodies.held", this, b -> (double) b.heldKib() * 1024)
                .description("Heap the ordinary request bodies of the exchanges in flight are counted to hold")
                .baseUnit("bytes").register(meters);
        Gauge.builder("aurelis.gateway.request_bodies.budget", this, b -> (double) b.ordinaryKib * 1024)
                .description("Heap the ordinary request bodies may hold at once (two fifths of the heap)")
                .baseUnit("bytes").register(meters);
    }

    /** The budget's KiB held by the ordinary bodies of the exchanges in flight. */
    int heldKib() {
        return ordinaryKib - ordinary.availablePermits();
    }

    private static Counter refusals(MeterRegistry meters, String limit) {
        return Counter.builder("aurelis.gateway.exchanges.refused")
                .description("Exchanges refused because the gateway was at a limit of its own")
                .tag("limit", limit).register(meters);
    }

    /** The heap, in KiB, that ordinary request bodies may hold at once. */
    int ordinaryBudgetKib() {
        return ordinaryKib;
    }

    /** What an ordinary body of {@code bytes} holds of the heap while its exchange lasts, in KiB. */
    static int costKib(long bytes) {
        return (int) ((bytes * COST_FACTOR + COST_PER_EXCHANGE + 1023) / 1024);
    }

    /**
     * What an ordinary body of {@code bytes} still holds once its answer has started (ADR 0083): the bytes the provider
     * was sent, for the prompt's figures, and the exchange's own share; the parsed tree and its copies are gone.
     */
    static int streamingCostKib(long bytes) {
        return (int) ((bytes + COST_PER_EXCHANGE + 1023) / 1024);
    }

    /** How many large requests may be handled at once with the current body limit. */
    public int places() {
        return current().size();
    }

    /** Admits the request's body: at once when it is small, else when a place is free; close the permit when done. */
    public Permit admit(HttpServletRequest request, WireFormat format) {
        long declared = request.getContentLengthLong();
        if (declared >= 0 && declared <= LARGE_BYTES) {
            return admitOrdinary(declared, format);
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
            throw GatewayError.overloaded(format, "Aurelis is handling its limit of " + current.size()
                    + " large requests at once; try again in a moment.");
        }
        return releasing(current.semaphore(), 1);
    }

    /** No wait: the budget frees up only as exchanges end, and a client retries sooner than a queue would drain. */
    private Permit admitOrdinary(long declared, WireFormat format) {
        int cost = costKib(declared);
        if (!ordinary.tryAcquire(cost)) {
            refusedOrdinary.increment();
            throw GatewayError.overloaded(format,
                    "Aurelis is holding as many requests as its memory allows; try again in a moment.");
        }
        return new OrdinaryPermit(ordinary, cost, streamingCostKib(declared));
    }

    /** Gives the permits back on the first close only: a semaphore does not count releases. */
    private static Permit releasing(Semaphore semaphore, int permits) {
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                semaphore.release(permits);
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

    /**
     * An ordinary body's share of the budget: most of it given back when the answer starts, the rest on close (each
     * once: a semaphore does not count releases).
     */
    private static final class OrdinaryPermit implements Permit {
        private final Semaphore semaphore;
        private final int streamingKib;
        private final AtomicInteger heldKib;

        OrdinaryPermit(Semaphore semaphore, int costKib, int streamingKib) {
            this.semaphore = semaphore;
            this.heldKib = new AtomicInteger(costKib);
            this.streamingKib = Math.min(streamingKib, costKib);
        }

        @Override
        public void answerStarted() {
            int held = heldKib.get();
            if (held > streamingKib && heldKib.compareAndSet(held, streamingKib)) {
                semaphore.release(held - streamingKib);
            }
        }

        @Override
        public void close() {
            int held = heldKib.getAndSet(0);
            if (held > 0) {
                semaphore.release(held);
            }
        }
    }

    /** A request body's place in its budget, given back on close (once: a semaphore does not count releases). */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {

        Permit NONE = () -> {
        };

        /** The exchange's answer started, so its parsed request is gone (ADR 0083): what it no longer holds is given back. */
        default void answerStarted() {
        }

        @Override
        void close();
    }
}
