package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.providers.WireFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the gateway from queueing without bound (ADR 0027), and from admitting work it has no memory for (ADR 0082).
 * Two limits, and the heap:
 * <ul>
 *   <li>exchanges in flight, streams included ({@code gateway.max_in_flight}): one more is refused before anything
 *       is read, which bounds memory;</li>
 *   <li>exchanges being prepared (from the parsed body to the provider call: validation, access, task detection,
 *       spend), the work that needs the CPU: {@link #PREPARING_PER_CORE} per core at once, in arrival order; an
 *       exchange that cannot start preparing within {@link #PREPARE_WAIT} is refused. The wait is long enough for
 *       any burst a healthy gateway sees (64 agents at once on a busy machine wait milliseconds), so it only
 *       refuses when the gateway is stuck. At most {@link #WAITING_PER_PERMIT} exchanges per place wait: one more
 *       is refused at once (ADR 0081). Under a load beyond what the CPU can prepare the queue would otherwise grow to
 *       {@code max_in_flight}, each waiting exchange holding its connection's buffers, and every served exchange
 *       would wait seconds; bounded, the excess is refused within milliseconds and the rest wait a queue's length
 *       of preparations.</li>
 *   <li>while a collection leaves the heap nearly full ({@link HeapPressure}), every new exchange is refused;</li>
 *   <li>while more virtual threads wait for a carrier than {@link SchedulerBacklog#QUEUED_PER_CORE} per core, the CPU
 *       is behind on the work of the exchanges in flight, and every new exchange is refused before its body is read
 *       (ADR 0097).</li>
 * </ul>
 * A refusal is a 503 (529 {@code overloaded_error} for Anthropic clients) with {@code retry-after}; it is the
 * gateway's own, never counted against a provider.
 */
@Component
class Admission {

    static final int PREPARING_PER_CORE = 4;
    static final Duration PREPARE_WAIT = Duration.ofSeconds(5);
    /** Exchanges that may wait per place to prepare: 128 per core, twice the benchmark's 64 agents at once. */
    static final int WAITING_PER_PERMIT = 32;

    private final GatewaySettings settings;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Semaphore preparing;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter refusedInFlight;
    private final Counter refusedPreparing;
    private final HeapPressure heap;
    private final Counter refusedMemory;
    private final SchedulerBacklog backlog;
    private final Counter refusedBacklog;
    /** Set once, on shutdown: every new exchange is refused so that the client retries on another replica. */
    private volatile boolean refusing;
    /** Notified when the last exchange in flight leaves while {@link #refusing}. */
    private final Object idle = new Object();

    @Autowired
    Admission(GatewaySettings settings, HeapPressure heap, MeterRegistry meters) {
        this(settings, heap, SchedulerBacklog.ofThisJvm(), meters);
    }

    Admission(GatewaySettings settings, HeapPressure heap, SchedulerBacklog backlog, MeterRegistry meters) {
        this.settings = settings;
        this.heap = heap;
        this.backlog = backlog;
        int places = PREPARING_PER_CORE * Runtime.getRuntime().availableProcessors();
        this.preparing = new Semaphore(places, true);
        this.maxWaiting = WAITING_PER_PERMIT * places;
        Gauge.builder("aurelis.gateway.exchanges.in_flight", inFlight, AtomicInteger::get)
                .description("Exchanges being handled, streams included").register(meters);
        Gauge.builder("aurelis.gateway.exchanges.waiting", waiting, AtomicInteger::get)
                .description("Exchanges waiting for a place to be prepared").register(meters);
        this.refusedInFlight = refusals(meters, "in_flight");
        this.refusedPreparing = refusals(meters, "preparing");
        this.refusedMemory = refusals(meters, "memory");
        this.refusedBacklog = refusals(meters, "scheduler");
        Gauge.builder("aurelis.gateway.scheduler.queued", backlog, SchedulerBacklog::queued)
                .description("Virtual threads waiting for a carrier (-1 when the JDK does not say)").register(meters);
    }

    private static Counter refusals(MeterRegistry meters, String limit) {
        return Counter.builder("aurelis.gateway.exchanges.refused")
                .description("Exchanges refused because the gateway was at a limit of its own")
                .tag("limit", limit).register(meters);
    }

    /** Exchanges waiting for a place to be prepared now. */
    int waiting() {
        return waiting.get();
    }

    /** How many exchanges may wait for a place to be prepared before one more is refused at once. */
    int maxWaiting() {
        return maxWaiting;
    }

    /**
     * Enters an exchange, or refuses it when {@code gateway.max_in_flight} exchanges are in flight, the heap is
     * nearly full of live data ({@link HeapPressure}) or the CPU is behind ({@link SchedulerBacklog}).
     */
    Ticket enter(WireFormat format) {
        int limit = settings.maxInFlight();
        int now = inFlight.incrementAndGet();
        if (refusing) {
            leave();
            throw shuttingDown(format);
        }
        if (now > limit) {
            leave();
            refusedInFlight.increment();
            throw GatewayError.overloaded(format, "Aurelis is handling its limit of " + limit
                    + " exchanges at once (gateway.max_in_flight); try again in a moment.");
        }
        if (heap.high()) {
            leave();
            refusedMemory.increment();
            throw GatewayError.overloaded(format, "Aurelis is short of memory until the exchanges in flight finish; "
                    + "try again in a moment.");
        }
        if (backlog.behind()) {
            leave();
            refusedBacklog.increment();
            throw GatewayError.overloaded(format, "Aurelis is behind on the exchanges it is handling; "
                    + "try again in a moment.");
        }
        return new Ticket(format);
    }

    /**
     * Refuses every exchange from now on; those in flight go on. Checked after an exchange has counted itself in,
     * so an exchange either sees the refusal or is counted by {@link #awaitIdle}.
     */
    void refuseNew() {
        refusing = true;
    }

    /** Serves new exchanges again (the application was stopped, not closed, and starts again). */
    void acceptNew() {
        refusing = false;
    }

    /** Waits until no exchange is in flight, at most {@code timeout}; returns how many are still in flight. */
    int awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return inFlight.get();
        }
    }

    private void leave() {
        if (inFlight.decrementAndGet() == 0 && refusing) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** A 503 (529 for Anthropic clients, which their SDKs retry) that closes the connection: the retry goes elsewhere. */
    private static GatewayError shuttingDown(WireFormat format) {
        return new GatewayError(GatewayError.Kind.UNAVAILABLE, format.isAnthropic() ? 529 : 503,
                "This Aurelis replica is shutting down; try again and another replica will answer.", SHUTTING_DOWN,
                null).retryAfter(Duration.ofSeconds(1));
    }

    static final String SHUTTING_DOWN = "shutting_down";


    /** One exchange's place; closing it (once) leaves. */
    final class Ticket implements AutoCloseable {

        private final WireFormat format;
        private boolean preparing;
        private boolean closed;

        private Ticket(WireFormat format) {
            this.format = format;
        }

        /**
         * Starts preparing the exchange, or refuses it when the gateway cannot start within {@link #PREPARE_WAIT} or
         * when the queue for places is full.
         */
        void prepare() {
            if (!awaitPlace()) {
                refusedPreparing.increment();
                throw GatewayError.overloaded(format,
                        "Aurelis is at the limit of what it can handle at once; try again in a moment.");
            }
            preparing = true;
        }

        /** Waits for a place in arrival order (the fair semaphore's), unless the queue is full; true once it has one. */
        private boolean awaitPlace() {
            if (!joinQueue()) {
                return false;
            }
            try {
                return Admission.this.preparing.tryAcquire(PREPARE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiting.decrementAndGet();
            }
        }

        /** Takes a place in the queue unless it is full; the count never passes its bound, not even for a moment. */
        private boolean joinQueue() {
            int now;
            do {
                now = waiting.get();
                if (now >= maxWaiting) {
                    return false;
                }
            } while (!waiting.compareAndSet(now, now + 1));
            return true;
        }

        /** The exchange is prepared (it goes to the provider now, or ended): another may start preparing. */
        void prepared() {
            if (preparing) {
                preparing = false;
                Admission.this.preparing.release();
            }
        }

        @Override
        public void close() {
            prepared();
            if (!closed) {
                closed = true;
                leave();
            }
        }
    }
}
