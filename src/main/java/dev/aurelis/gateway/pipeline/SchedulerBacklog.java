package dev.aurelis.gateway.pipeline;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the gateway is behind on its own work: the virtual threads queued for a carrier (ADR 0097). Exchanges run
 * on virtual threads, so when the CPU is the limit, the work of every exchange in flight waits in the scheduler's
 * queue, and a new exchange would wait behind all of it; past {@link #QUEUED_PER_CORE} per core the gateway refuses
 * new exchanges at the door, before it reads their bodies, and serves those it has. Read through the JDK's
 * {@code VirtualThreadSchedulerMXBean} (JDK 24 and newer); on an older JDK the backlog is unknown, never refuses, and
 * says so once in the log at start. The queue is read at most once a millisecond: a reading walks the scheduler's
 * work queues, which cost the closed loop of 64 a few microseconds an exchange when read for each.
 */
final class SchedulerBacklog {

    /**
     * Queued virtual threads per core beyond which new exchanges are refused: twice what a closed loop of 64 agents
     * queues on one core (every exchange of it runnable at once), a few milliseconds of work.
     */
    static final int QUEUED_PER_CORE = 128;

    /** Nanoseconds a reading of the queue is used (a millisecond): refusals follow the queue that fast. */
    static final long READ_EVERY = 1_000_000;

    private static final long UNKNOWN = -1;
    private static final Logger log = LoggerFactory.getLogger(SchedulerBacklog.class);

    private final LongSupplier queued;
    private final long limit;
    private final LongSupplier clock;
    private volatile long readAt;
    private volatile boolean behind;

    private SchedulerBacklog(LongSupplier queued, long limit, LongSupplier clock) {
        this.queued = queued;
        this.limit = limit;
        this.clock = clock;
        this.readAt = clock.getAsLong() - READ_EVERY;
    }

    /** The JDK scheduler's backlog, with the limit for the cores this JVM may use. */
    static SchedulerBacklog ofThisJvm() {
        return new SchedulerBacklog(queuedVirtualThreads(),
                (long) QUEUED_PER_CORE * Runtime.getRuntime().availableProcessors(), System::nanoTime);
    }

    /** A backlog read from {@code queued} on {@code clock} (nanoseconds), for tests. */
    static SchedulerBacklog of(LongSupplier queued, long limit, LongSupplier clock) {
        return new SchedulerBacklog(queued, limit, clock);
    }

    /** Virtual threads waiting for a carrier now; -1 when the JDK does not say. */
    long queued() {
        return queued.getAsLong();
    }

    /** True while more virtual threads wait for a carrier than the limit, as of the latest reading. */
    boolean behind() {
        long now = clock.getAsLong();
        if (now - readAt >= READ_EVERY) {
            readAt = now; // threads that race here read the queue once more each, no harm
            behind = queued.getAsLong() > limit;
        }
        return behind;
    }

    long limit() {
        return limit;
    }

    private static LongSupplier queuedVirtualThreads() {
        try {
            Class<? extends PlatformManagedObject> type = Class.forName("jdk.management.VirtualThreadSchedulerMXBean")
                    .asSubclass(PlatformManagedObject.class);
            Object bean = ManagementFactory.getPlatformMXBean(type);
            MethodHandle count = MethodHandles.publicLookup()
                    .findVirtual(type, "getQueuedVirtualThreadCount", MethodType.methodType(long.class))
                    .bindTo(bean);
            return () -> {
                try {
                    return (long) count.invokeExact();
                } catch (Throwable unreadable) {
                    return UNKNOWN;
                }
            };
        } catch (ReflectiveOperationException | RuntimeException olderJdk) {
            log.info("This JDK ({}) does not say how many virtual threads wait for a CPU (JDK 24 and newer do), so the "
                    + "gateway does not refuse new exchanges when its CPU falls behind (ADR 0097)",
                    Runtime.version());
            return () -> UNKNOWN;
        }
    }
}
