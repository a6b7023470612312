package dev.aurelis.providers.http;

import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The deadlines by which providers must answer (their headers), kept without a timer each (ADR 0095). A socket read
 * with a timeout on a virtual thread schedules the deadline on the scheduler's delay thread, which is woken to take
 * it and again to cancel it, for every call, although a healthy provider answers within milliseconds. Here the read
 * is untimed and the call joins a queue; a {@link #sweep()} every {@link #SWEEP_MILLIS} ms drops the calls answered
 * and aborts those past their deadline, which closes the connection under the read. A call may outlast its deadline
 * by up to one sweep.
 */
public final class AnswerDeadlines {

    public static final long SWEEP_MILLIS = 250;

    private static final int WAITING = 0;
    private static final int ANSWERED = 1;
    private static final int EXPIRED = 2;

    private final LongSupplier clock;
    /** Calls in arrival order; their timeouts differ (per provider, streamed or not), so the sweep reads them all. */
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    public AnswerDeadlines() {
        this(System::nanoTime);
    }

    AnswerDeadlines(LongSupplier clock) {
        this.clock = clock;
    }

    /** Starts the clock on a call: {@code abort} runs (once, from the sweep) if it has not ended within {@code timeout}. */
    Call watch(Duration timeout, Runnable abort) {
        Call call = new Call(clock.getAsLong() + timeout.toNanos(), abort);
        calls.add(call);
        return call;
    }

    /** Aborts the calls past their deadline and forgets those that have ended. */
    public void sweep() {
        long now = clock.getAsLong();
        for (Iterator<Call> it = calls.iterator(); it.hasNext(); ) {
            Call call = it.next();
            if (call.state.get() != WAITING) {
                it.remove();
            } else if (call.deadline - now <= 0 && call.state.compareAndSet(WAITING, EXPIRED)) {
                it.remove();
                call.abort.run();
            }
        }
    }

    /** Calls not yet swept (those ended included, until the next sweep). */
    int size() {
        return calls.size();
    }

    /** One call's deadline. */
    static final class Call {

        private final long deadline;
        private final Runnable abort;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        private Call(long deadline, Runnable abort) {
            this.deadline = deadline;
            this.abort = abort;
        }

        /**
         * The call is over (answered or failed); false if its deadline passed first, in which case it has been or is
         * being aborted and whatever it returned must be discarded.
         */
        boolean end() {
            return state.compareAndSet(WAITING, ANSWERED) || state.get() == ANSWERED;
        }
    }
}
