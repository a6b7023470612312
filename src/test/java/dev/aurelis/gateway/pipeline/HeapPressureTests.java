package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.providers.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A heap left nearly full by a collection refuses new exchanges until a collection frees enough (ADR 0082): the
 * exchanges in flight finish instead of a heap that only the collector works on. The refusal tests feed the
 * readings themselves and do not watch this JVM's collections, which would replace them at any moment.
 */
class HeapPressureTests {

    private static final long HEAP = 512L * 1024 * 1024;
    private static final boolean WHOLE = true;
    private static final boolean YOUNG = false;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HeapPressure heap = new HeapPressure(meters);
    private final Admission admission = new Admission(new GatewaySettings(), heap,
            SchedulerBacklog.of(() -> 0, SchedulerBacklog.QUEUED_PER_CORE, System::nanoTime), meters);

    @AfterEach
    void stopWatching() {
        heap.stopWatching();
    }

    @Test
    void aNearlyFullHeapRefusesNewExchangesUntilACollectionFreesEnough() {
        heap.afterCollection(share(0.5), HEAP, YOUNG);
        admission.enter(WireFormat.OPENAI_CHAT).close();

        heap.afterCollection(share(0.95), HEAP, WHOLE);
        OverloadRefusals.assertBothRefused(admission);

        heap.afterCollection(share(0.8), HEAP, YOUNG);
        assertThat(heap.high()).as("freed some, but not below the low mark: still refusing").isTrue();
        assertThat(catchThrowableOfType(GatewayError.class, () -> admission.enter(WireFormat.OPENAI_CHAT)))
                .isNotNull();

        heap.afterCollection(share(0.6), HEAP, YOUNG);
        admission.enter(WireFormat.OPENAI_CHAT).close();
        assertThat(meters.get("aurelis.gateway.exchanges.refused").tag("limit", "memory").counter().count())
                .isEqualTo(3.0);
        assertThat(meters.get("aurelis.gateway.exchanges.in_flight").gauge().value()).as("refusals hold no place")
                .isZero();
    }

    @Test
    void aHeapThatStaysBelowTheHighMarkNeverRefuses() {
        heap.afterCollection(share(0.89), HEAP, WHOLE);
        admission.enter(WireFormat.OPENAI_CHAT).close();
        assertThat(heap.high()).isFalse();
    }

    @Test
    void youngCollectionsAboveTheMarkDoNotRefuseWhileTheOldGenerationIsBeingMarked() {
        // a young collection counts the old generation's garbage, which only collections after a marking free
        heap.afterCollection(share(0.99), HEAP, YOUNG);
        heap.afterCollection(share(0.97), HEAP, YOUNG);
        heap.afterCollection(share(0.96), HEAP, YOUNG);
        assertThat(heap.high()).as("no marking has ended: however many, these readings say nothing of what is live")
                .isFalse();
        admission.enter(WireFormat.OPENAI_CHAT).close();
    }

    @Test
    void aYoungCollectionAboveTheMarkRefusesOnceAMarkingEndedAndTheTwoCollectionsSinceReadAboveIt() {
        heap.markingEnded();
        heap.afterCollection(share(0.97), HEAP, YOUNG);
        assertThat(heap.high()).as("G1's first collection after its cleanup is young only").isFalse();
        heap.afterCollection(share(0.5), HEAP, YOUNG);
        heap.afterCollection(share(0.97), HEAP, YOUNG);
        heap.afterCollection(share(0.96), HEAP, YOUNG);
        assertThat(heap.high()).as("a reading under the mark makes the marking before it stale").isFalse();

        heap.markingEnded();
        heap.afterCollection(share(0.97), HEAP, YOUNG);
        heap.afterCollection(share(0.96), HEAP, YOUNG); // marked, and a mixed collection still leaves it full
        assertThat(heap.high()).isTrue();
        assertThat(catchThrowableOfType(GatewayError.class, () -> admission.enter(WireFormat.OPENAI_CHAT)).status())
                .isEqualTo(503);
        heap.afterCollection(share(0.5), HEAP, YOUNG);
        assertThat(heap.high()).isFalse();
        admission.enter(WireFormat.OPENAI_CHAT).close();
    }

    @Test
    void aFullCollectionAboveTheMarkIsBelievedWithoutAMarking() {
        heap.afterCollection(share(0.97), HEAP, YOUNG);
        heap.afterCollection(share(0.92), HEAP, WHOLE);
        assertThat(heap.high()).isTrue();
    }

    @Test
    void realCollectionsAreWatched() {
        heap.watch();
        System.gc(); // the collector reports every collection; this one makes sure there is one
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                meters.get("aurelis.gateway.heap.in_use_after_collection").gauge().value()).isPositive());
    }

    private static long share(double share) {
        return (long) (HEAP * share);
    }
}
