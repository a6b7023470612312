package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.ProviderSilence;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watchdog times a provider's silence, not the gateway's own delays (ADR 0073): a relay busy writing to a slow
 * client, waiting for the ledger or not scheduled on a saturated machine asks the provider for nothing, so that
 * time never turns into a provider timeout that its circuit breaker would count. The clock is the test's own.
 */
class StreamWatchdogTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StreamWatchdog watchdog = new StreamWatchdog(Duration.ofSeconds(15), now::get);

    /** An upstream body whose reader waits for the provider exactly when the test says so. */
    private static final class Body extends InputStream implements ProviderSilence {
        volatile long waitingSince;
        volatile boolean closed;

        @Override
        public int read() {
            return -1;
        }

        @Override
        public long silentSinceNanos() {
            return waitingSince;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @AfterEach
    void stop() {
        watchdog.close();
    }

    private void pass(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    /** A watch whose relay has had its first event and now waits for the next; the reader is blocked on the body. */
    private StreamWatchdog.Watch waitingAfterFirstEvent(Body body) {
        StreamWatchdog.Watch watch = watchdog.watch(body, Duration.ofSeconds(2), Duration.ofSeconds(2));
        watch.progress();
        watch.awaiting();
        body.waitingSince = now.get();
        return watch;
    }

    @Test
    void aRelayBusyWithItsOwnWorkIsNotAProviderThatFellSilent() {
        Body body = new Body();
        StreamWatchdog.Watch watch = watchdog.watch(body, Duration.ofSeconds(2), Duration.ofSeconds(2));
        watch.progress(); // the first event came; the relay now writes it to a client that reads slowly

        pass(Duration.ofMinutes(1));
        watchdog.sweep();

        assertThat(watch.expired()).as("a minute of the gateway's own delay").isFalse();
        assertThat(body.closed).isFalse();
    }

    @Test
    void aProviderThatKeepsTheRelayWaitingPastItsAllowanceTimesOut() {
        Body body = new Body();
        StreamWatchdog.Watch watch = watchdog.watch(body, Duration.ofSeconds(2), Duration.ofSeconds(2));
        watch.progress();
        pass(Duration.ofMinutes(1)); // busy with the event: not counted

        watch.awaiting(); // then it asks the provider for the next event
        body.waitingSince = now.get();
        pass(Duration.ofSeconds(2));
        watchdog.sweep();
        assertThat(watch.expired()).as("within the allowance").isFalse();

        pass(Duration.ofMillis(1));
        watchdog.sweep();
        assertThat(watch.expired()).as("silent past the allowance").isTrue();
        assertThat(body.closed).as("closing wakes the blocked reader").isTrue();
    }

    @Test
    void bytesThatWaitForARelayNotScheduledYetAreNotSilence() {
        Body body = new Body();
        StreamWatchdog.Watch watch = waitingAfterFirstEvent(body);
        pass(Duration.ofSeconds(1));
        body.waitingSince = 0; // the provider's next bytes arrived; the relay's thread has not run since

        pass(Duration.ofMinutes(1));
        watchdog.sweep();
        assertThat(watch.expired()).isFalse();

        body.waitingSince = now.get(); // the relay took them (a comment, no event) and waits again
        watchdog.sweep();
        assertThat(watch.expired()).as("bytes that are no event do not reset the allowance").isTrue();
    }

    @Test
    void theFirstEventHasItsOwnAllowance() {
        Body body = new Body();
        StreamWatchdog.Watch watch = watchdog.watch(body, Duration.ofSeconds(2), Duration.ofSeconds(5));
        watch.awaiting();
        body.waitingSince = now.get();

        pass(Duration.ofSeconds(3));
        watchdog.sweep();
        assertThat(watch.expired()).as("the first event may take the first-byte allowance").isFalse();

        pass(Duration.ofSeconds(2).plusMillis(1));
        watchdog.sweep();
        assertThat(watch.expired()).isTrue();
    }

    @Test
    void aDrainDeadlineHoldsHoweverBusyTheRelayIs() {
        Body body = new Body();
        StreamWatchdog.Watch watch = watchdog.watch(body, Duration.ofSeconds(2), Duration.ofSeconds(2));
        watch.progress();
        watch.deadline(Duration.ofSeconds(5));

        pass(Duration.ofSeconds(5).plusMillis(1));
        watchdog.sweep();

        assertThat(watch.expired()).as("the abandoned stream's drain is bounded").isTrue();
    }
}
