package dev.aurelis.gateway.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import dev.aurelis.providers.ProviderSilence;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Ends upstream streams that fall silent: the provider client reads a body without a time limit (ADR 0084), so one
 * thread checks every open stream once a second and closes the ones idle for longer than their allowance, which
 * makes the blocked read fail and the exchange end with a timeout error instead of hanging.
 *
 * <p>Silence is the provider's only while the gateway is waiting for it (ADR 0073): it is timed from when the relay
 * began to wait for the next event ({@link Watch#awaiting()}), not from the last event, so time the relay spends
 * writing to a slow client or waiting for the ledger never counts; and a body that knows whether its reader is
 * blocked on bytes the provider has not sent ({@link ProviderSilence}, every upstream body) is not expired while the
 * provider's bytes wait for a relay that a saturated machine has not scheduled yet.
 */
@Component
class StreamWatchdog implements AutoCloseable {

    private final Set<Watch> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stream-watchdog").daemon(true).factory());

    private final long keepAliveNanos;
    private final LongSupplier clock;

    /** @param keepAlive how long a streaming client may receive nothing before a keep-alive comment (default 15 s) */
    @Autowired
    StreamWatchdog(@org.springframework.beans.factory.annotation.Value("${aurelis.gateway.keep-alive-interval:15s}")
            Duration keepAlive) {
        this(keepAlive, System::nanoTime);
        long period = Math.max(100, Math.min(1000, keepAlive.toMillis() / 2));
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** A watchdog that sweeps only when {@link #sweep()} is called, on {@code clock} (tests). */
    StreamWatchdog(Duration keepAlive, LongSupplier clock) {
        this.keepAliveNanos = keepAlive.toNanos();
        this.clock = clock;
    }

    Watch watch(InputStream stream, Duration allowance) {
        return watch(stream, allowance, allowance);
    }

    /** @param firstAllowance how long the stream may stay silent before its first event */
    Watch watch(InputStream stream, Duration allowance, Duration firstAllowance) {
        Watch watch = new Watch(stream, allowance.toNanos(), firstAllowance.toNanos());
        open.add(watch);
        return watch;
    }

    void sweep() {
        long now = clock.getAsLong();
        for (Watch watch : open) {
            ClientStream client = watch.client;
            if (client != null && client.keepAliveDue(now, keepAliveNanos)) {
                // a virtual thread: a client that stopped reading must not stall the sweep of every other stream
                Thread.ofVirtual().start(() -> client.keepAlive(System.nanoTime(), keepAliveNanos));
            }
            if (watch.silentFor(now) > watch.allowance() || (watch.deadline != 0 && now - watch.deadline > 0)) {
                watch.expire();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One watched stream; report progress after every event, close when done. */
    final class Watch implements AutoCloseable {
        private final InputStream stream;
        private final long allowanceNanos;
        private final long firstAllowanceNanos;
        private volatile boolean progressed;
        private volatile ClientStream client;
        /** When the relay began to wait for the next event; 0 while it does something else. */
        private volatile long awaitingSince = nonZero(clock.getAsLong());
        private volatile boolean expired;
        private volatile long deadline;

        private Watch(InputStream stream, long allowanceNanos, long firstAllowanceNanos) {
            this.stream = stream;
            this.allowanceNanos = allowanceNanos;
            this.firstAllowanceNanos = firstAllowanceNanos;
        }

        /** The relay now waits for the provider's next event. */
        void awaiting() {
            awaitingSince = nonZero(clock.getAsLong());
        }

        /** An event came: until the next {@link #awaiting()}, the relay is busy with it and nothing is the provider's. */
        void progress() {
            awaitingSince = 0;
            progressed = true;
        }

        private long allowance() {
            return progressed ? allowanceNanos : firstAllowanceNanos;
        }

        /**
         * How long the provider has kept the relay waiting for an event; 0 while the relay is busy elsewhere, or bytes
         * the provider sent are waiting for the relay to take them.
         */
        private long silentFor(long now) {
            long since = awaitingSince;
            if (since == 0 || (stream instanceof ProviderSilence body && body.silentSinceNanos() == 0)) {
                return 0;
            }
            return now - since;
        }

        /** Sends the client keep-alive comments while this stream is watched and the client hears nothing. */
        void keepAlive(ClientStream client) {
            this.client = client;
        }

        /** Whether the stream sent anything yet. */
        boolean progressed() {
            return progressed;
        }

        /** Closes the stream {@code after} from now, however much it progresses meanwhile. */
        void deadline(Duration after) {
            deadline = clock.getAsLong() + Math.max(1, after.toNanos());
        }

        boolean expired() {
            return expired;
        }

        private void expire() {
            expired = true;
            open.remove(this);
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing is how the blocked reader is woken; a failure to close changes nothing
            }
        }

        @Override
        public void close() {
            open.remove(this);
        }
    }

    /** 0 stands for "not waiting", so a clock reading of 0 is taken as 1. */
    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }
}
