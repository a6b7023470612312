package dev.aurelis.gateway.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Ends upstream streams that fall silent: the JDK client has no read timeout for a body, so one thread checks
 * every open stream once a second and closes the ones idle for longer than their allowance, which makes the
 * blocked read fail and the exchange end with a timeout error instead of hanging.
 */
@Component
class StreamWatchdog implements AutoCloseable {

    private final Set<Watch> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stream-watchdog").daemon(true).factory());

    private final long keepAliveNanos;

    /** @param keepAlive how long a streaming client may receive nothing before a keep-alive comment (default 15 s) */
    StreamWatchdog(@org.springframework.beans.factory.annotation.Value("${aurelis.gateway.keep-alive-interval:15s}")
            Duration keepAlive) {
        this.keepAliveNanos = keepAlive.toNanos();
        long period = Math.max(100, Math.min(1000, keepAlive.toMillis() / 2));
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
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

    private void sweep() {
        long now = System.nanoTime();
        for (Watch watch : open) {
            ClientStream client = watch.client;
            if (client != null && client.keepAliveDue(now, keepAliveNanos)) {
                // a virtual thread: a client that stopped reading must not stall the sweep of every other stream
                Thread.ofVirtual().start(() -> client.keepAlive(System.nanoTime(), keepAliveNanos));
            }
            long allowance = watch.progressed ? watch.allowanceNanos : watch.firstAllowanceNanos;
            if (now - watch.lastProgress > allowance || (watch.deadline != 0 && now - watch.deadline > 0)) {
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
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean expired;
        private volatile long deadline;

        private Watch(InputStream stream, long allowanceNanos, long firstAllowanceNanos) {
            this.stream = stream;
            this.allowanceNanos = allowanceNanos;
            this.firstAllowanceNanos = firstAllowanceNanos;
        }

        void progress() {
            lastProgress = System.nanoTime();
            progressed = true;
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
            deadline = System.nanoTime() + Math.max(1, after.toNanos());
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
}
