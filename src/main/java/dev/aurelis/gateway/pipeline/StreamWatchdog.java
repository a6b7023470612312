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

    StreamWatchdog() {
        timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    Watch watch(InputStream stream, Duration allowance) {
        Watch watch = new Watch(stream, allowance.toNanos());
        open.add(watch);
        return watch;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watch watch : open) {
            if (now - watch.lastProgress > watch.allowanceNanos || (watch.deadline != 0 && now - watch.deadline > 0)) {
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
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean expired;
        private volatile long deadline;

        private Watch(InputStream stream, long allowanceNanos) {
            this.stream = stream;
            this.allowanceNanos = allowanceNanos;
        }

        void progress() {
            lastProgress = System.nanoTime();
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
