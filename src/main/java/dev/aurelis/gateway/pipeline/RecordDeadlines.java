package dev.aurelis.gateway.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The deadlines of exchanges waiting for their usage records to be durable, kept without a timer each. A timed wait
 * on a virtual thread schedules its deadline on the scheduler's delay thread, which is woken to take it and again to
 * cancel it: for every exchange, although the ledger answers within milliseconds (ADR 0094). Here a
 * wait is untimed and its deadline joins a queue; every wait of a queue has the same timeout, so arrival order is
 * deadline order, and a sweep {@link #SWEEP_MILLIS} apart times out those past it and drops those answered. A wait
 * may outlast its deadline by up to one sweep.
 */
@Component
class RecordDeadlines {

    static final long SWEEP_MILLIS = 250;

    /** One timeout's waits, in arrival (and so deadline) order. */
    final class Waits {

        private final long timeoutNanos;
        private final Queue<Waiting> waits = new ConcurrentLinkedQueue<>();

        private Waits(Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
        }

        /** A view of {@code durable} that fails with a {@link TimeoutException} once the timeout has passed. */
        CompletableFuture<Void> watch(CompletableFuture<Void> durable) {
            CompletableFuture<Void> bounded = durable.copy();
            if (!bounded.isDone()) {
                waits.add(new Waiting(bounded, clock.getAsLong() + timeoutNanos));
            }
            return bounded;
        }

        private void sweep(long now) {
            for (Waiting head = waits.peek(); head != null; head = waits.peek()) {
                if (!head.view().isDone() && head.deadline() - now > 0) {
                    return; // everything behind it arrived later and is due later
                }
                waits.poll();
                head.view().completeExceptionally(new TimeoutException("not durable within the deadline"));
            }
        }

        /** Waits not yet swept (answered ones included until they reach the head). */
        int size() {
            return waits.size();
        }
    }

    private record Waiting(CompletableFuture<Void> view, long deadline) {
    }

    private final LongSupplier clock;
    private final List<Waits> all = new CopyOnWriteArrayList<>();

    @Autowired
    RecordDeadlines() {
        this(System::nanoTime);
    }

    RecordDeadlines(LongSupplier clock) {
        this.clock = clock;
    }

    /** A queue for waits of {@code timeout}. */
    Waits waits(Duration timeout) {
        Waits waits = new Waits(timeout);
        all.add(waits);
        return waits;
    }

    @Scheduled(fixedDelay = SWEEP_MILLIS)
    void sweep() {
        long now = clock.getAsLong();
        all.forEach(waits -> waits.sweep(now));
    }
}
