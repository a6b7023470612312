package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.providers.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * While more virtual threads wait for a carrier than the limit, the CPU is behind on the exchanges in flight and new
 * ones are refused at the door, in the caller's wire format, holding no place (ADR 0097). The refusal tests feed the
 * backlog themselves; the last one reads this JVM's scheduler.
 */
class SchedulerBacklogTests {

    private static final long LIMIT = 128;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong now = new AtomicLong(1_000);
    private final Admission admission = new Admission(new GatewaySettings(), new HeapPressure(meters),
            SchedulerBacklog.of(queued::get, LIMIT, now::get), meters);

    @Test
    void aBacklogPastTheLimitRefusesNewExchangesUntilItShrinks() {
        queued.set(LIMIT);
        admission.enter(WireFormat.OPENAI_CHAT).close();

        queued.set(LIMIT + 1);
        now.addAndGet(SchedulerBacklog.READ_EVERY - 1);
        admission.enter(WireFormat.OPENAI_CHAT).close(); // the reading is a millisecond's

        now.incrementAndGet();
        OverloadRefusals.assertBothRefused(admission);

        queued.set(3);
        now.addAndGet(SchedulerBacklog.READ_EVERY);
        admission.enter(WireFormat.OPENAI_CHAT).close();
        assertThat(meters.get("aurelis.gateway.exchanges.refused").tag("limit", "scheduler").counter().count())
                .isEqualTo(2.0);
        assertThat(meters.get("aurelis.gateway.exchanges.in_flight").gauge().value()).as("refusals hold no place")
                .isZero();
        assertThat(meters.get("aurelis.gateway.scheduler.queued").gauge().value()).isEqualTo(3.0);
    }

    @Test
    void anExchangeAlreadyAdmittedIsNotRefusedWhenTheBacklogGrows() {
        Admission.Ticket admitted = admission.enter(WireFormat.OPENAI_CHAT);
        queued.set(LIMIT * 10);
        now.addAndGet(SchedulerBacklog.READ_EVERY);
        admitted.prepare();
        admitted.close();
        assertThat(meters.get("aurelis.gateway.exchanges.refused").tag("limit", "scheduler").counter().count())
                .isZero();
    }

    @Test
    void anUnknownBacklogNeverRefuses() {
        queued.set(-1);
        admission.enter(WireFormat.OPENAI_CHAT).close();
    }

    @Test
    void thisJvmsSchedulerIsReadOnJdk24AndNewer() {
        assumeThat(Runtime.version().feature()).as("the scheduler's MXBean came with JDK 24")
                .isGreaterThanOrEqualTo(24);
        SchedulerBacklog backlog = SchedulerBacklog.ofThisJvm();
        assertThat(backlog.queued()).isNotNegative();
        assertThat(backlog.limit())
                .isEqualTo((long) SchedulerBacklog.QUEUED_PER_CORE * Runtime.getRuntime().availableProcessors());
    }
}
