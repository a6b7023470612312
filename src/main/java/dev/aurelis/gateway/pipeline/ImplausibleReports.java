package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.ImplausibleUsageReported;
import dev.aurelis.storage.DurableEvents;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link ImplausibleUsageReported} off the exchange's thread: the event is stored durably (a database
 * transaction), which must not hold a stream's completion. Such reports are rare; the queue is bounded so a
 * provider that misreports every answer cannot grow memory, and whatever does not fit is still in the log and in
 * the ledger (its {@code usage_estimate} is {@code implausible_report}).
 */
@Component
class ImplausibleReports {

    private static final Logger log = LoggerFactory.getLogger(ImplausibleReports.class);

    private final DurableEvents events;
    private final ThreadPoolExecutor publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), Thread.ofPlatform().name("implausible-usage").daemon(true).factory());

    ImplausibleReports(DurableEvents events) {
        this.events = events;
    }

    void reported(ImplausibleUsageReported event) {
        try {
            publisher.execute(() -> {
                try {
                    events.publish(event);
                } catch (RuntimeException e) {
                    log.warn("Could not publish the implausible usage report of request {}: {}", event.requestId(),
                            e.getMessage());
                }
            });
        } catch (RejectedExecutionException full) {
            log.warn("Implausible usage reports arrive faster than they can be stored; request {} is in the ledger "
                    + "and this log only", event.requestId());
        }
    }
}
