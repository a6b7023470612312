package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.providers.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The queue for places to prepare is bounded (ADR 0081): beyond it an exchange is refused at once instead of
 * joining a queue whose last member would wait seconds, and those already waiting are served in turn.
 */
class AdmissionQueueTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The test's own burst of waiting threads is not the CPU falling behind (ADR 0097): the backlog reads empty. */
    private final Admission admission = new Admission(new GatewaySettings(), new HeapPressure(meters),
            SchedulerBacklog.of(() -> 0, SchedulerBacklog.QUEUED_PER_CORE, System::nanoTime), meters);

    @Test
    void oneMoreThanTheQueueHoldsIsRefusedAtOnceAndTheQueueIsServedInTurn() throws Exception {
        int places = Admission.PREPARING_PER_CORE * Runtime.getRuntime().availableProcessors();
        List<Admission.Ticket> holders = new ArrayList<>();
        for (int i = 0; i < places; i++) {
            Admission.Ticket ticket = admission.enter(WireFormat.OPENAI_CHAT);
            ticket.prepare();
            holders.add(ticket);
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> queued = new ArrayList<>();
            for (int i = 0; i < admission.maxWaiting(); i++) {
                queued.add(CompletableFuture.runAsync(() -> {
                    try (Admission.Ticket ticket = admission.enter(WireFormat.OPENAI_CHAT)) {
                        ticket.prepare();
                    }
                }, threads));
            }
            while (admission.waiting() < admission.maxWaiting()) {
                Thread.onSpinWait(); // every place is held, so each of them waits
            }

            CompletableFuture<GatewayError> extra = CompletableFuture.supplyAsync(() -> {
                try (Admission.Ticket ticket = admission.enter(WireFormat.ANTHROPIC_MESSAGES)) {
                    ticket.prepare();
                    return null;
                } catch (GatewayError refused) {
                    return refused;
                }
            }, threads);
            while (!extra.isDone()) {
                assertThat(admission.waiting()).as("the one beyond the queue never joins it")
                        .isLessThanOrEqualTo(admission.maxWaiting());
                Thread.onSpinWait();
            }

            GatewayError refused = extra.get();
            assertThat(refused).as("refused while every place was still held").isNotNull();
            assertThat(refused.status()).isEqualTo(529);
            assertThat(refused.code()).isEqualTo("overloaded");
            assertThat(refused.retryAfter()).isNotNull();
            assertThat(queued).as("those queued still wait their turn").noneMatch(CompletableFuture::isDone);
            assertThat(meters.get("aurelis.gateway.exchanges.refused").tag("limit", "preparing").counter().count())
                    .isEqualTo(1.0);

            holders.forEach(Admission.Ticket::close);
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(admission.waiting()).isZero();
        }
    }
}
