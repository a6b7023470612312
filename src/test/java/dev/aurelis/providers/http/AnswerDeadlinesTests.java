package dev.aurelis.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnswerDeadlinesTests {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AnswerDeadlines deadlines = new AnswerDeadlines(now::get);

    @Test
    void abortsACallExactlyAtItsDeadlineAndNotBefore() {
        AtomicInteger aborted = new AtomicInteger();
        AnswerDeadlines.Call call = deadlines.watch(Duration.ofNanos(500), aborted::incrementAndGet);

        now.addAndGet(499);
        deadlines.sweep();
        assertThat(aborted).hasValue(0);

        now.addAndGet(1);
        deadlines.sweep();
        deadlines.sweep();
        assertThat(aborted).hasValue(1);
        assertThat(call.end()).as("what the aborted call returned must be discarded").isFalse();
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void neverAbortsACallThatEndedInTime() {
        AtomicInteger aborted = new AtomicInteger();
        AnswerDeadlines.Call call = deadlines.watch(Duration.ofNanos(500), aborted::incrementAndGet);

        assertThat(call.end()).isTrue();
        assertThat(call.end()).as("asking again changes nothing").isTrue();
        now.addAndGet(10_000);
        deadlines.sweep();

        assertThat(aborted).hasValue(0);
        assertThat(deadlines.size()).as("an ended call is forgotten").isZero();
    }

    @Test
    void readsEveryCallWhateverItsTimeout() {
        AtomicInteger longAborted = new AtomicInteger();
        AtomicInteger shortAborted = new AtomicInteger();
        deadlines.watch(Duration.ofNanos(5_000), longAborted::incrementAndGet);
        deadlines.watch(Duration.ofNanos(100), shortAborted::incrementAndGet);

        now.addAndGet(100);
        deadlines.sweep();

        assertThat(shortAborted).as("due behind a call that is not").hasValue(1);
        assertThat(longAborted).hasValue(0);
        assertThat(deadlines.size()).isEqualTo(1);
    }
}
