package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An exchange's wait for its record is untimed; the sweep ends it once its deadline has passed (issue 20), on a clock
 * the test moves itself.
 */
class RecordDeadlinesTests {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RecordDeadlines deadlines = new RecordDeadlines(now::get);
    private final RecordDeadlines.Waits waits = deadlines.waits(Duration.ofSeconds(10));

    @Test
    void aRecordNotDurableByItsDeadlineEndsTheWaitWithATimeoutAndTheRecordItselfIsLeftAlone() {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        CompletableFuture<Void> waited = waits.watch(durable);

        now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        deadlines.sweep();
        assertThat(waited).isNotDone();

        now.incrementAndGet();
        deadlines.sweep();
        assertThatThrownBy(waited::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(durable).isNotDone(); // the ledger still writes it, or spills it
        assertThat(waits.size()).isZero();
    }

    @Test
    void aRecordDurableInTimeEndsTheWaitAndIsDroppedByTheNextSweep() throws Exception {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        CompletableFuture<Void> waited = waits.watch(durable);

        durable.complete(null);
        assertThat(waited.get()).isNull();
        deadlines.sweep();

        assertThat(waits.size()).isZero();
        assertThat(waits.watch(CompletableFuture.completedFuture(null))).isCompleted();
        assertThat(waits.size()).as("a record durable already is not queued").isZero();
    }

    @Test
    void aSweepStopsAtTheFirstWaitNotYetDueAndLaterOnesWaitBehindIt() {
        CompletableFuture<Void> first = waits.watch(new CompletableFuture<>());
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        CompletableFuture<Void> answered = new CompletableFuture<>();
        CompletableFuture<Void> second = waits.watch(answered);
        CompletableFuture<Void> third = waits.watch(new CompletableFuture<>());
        answered.complete(null);

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        deadlines.sweep();

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompleted();
        assertThat(third).isNotDone();
        assertThat(waits.size()).isEqualTo(1);

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        deadlines.sweep();
        assertThat(third).isCompletedExceptionally();
        assertThat(waits.size()).isZero();
    }
}
