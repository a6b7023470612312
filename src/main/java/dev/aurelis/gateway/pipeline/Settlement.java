package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.spend.UsageLedger;
import dev.aurelis.spend.UsageRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last step of an attempt: its usage record settles the reservation (the record is the truth) and goes to the
 * ledger's group commit. An answer is released only once its record is durable; an error answer waits a bounded
 * time; a failed attempt that another follows does not wait at all. Every attempt is recorded once.
 */
@Component
class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);
    /** Longest an answer waits for its record; past it the client gets an error instead of an unrecorded answer. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(60);
    /** Longest an error answer waits for its record before it is sent anyway (the writer spills it). */
    private static final Duration ERROR_WAIT = Duration.ofSeconds(10);
    /** The span of the wait until an attempt's record is durable. */
    private static final String LEDGER_WRITE = "aurelis.ledger.write";

    private final UsageRecords records;
    private final SpendGate spend;
    private final UsageLedger ledger;
    private final GatewayMetrics metrics;
    /** The deadlines of the waits, swept rather than a timer each (see {@link RecordDeadlines}). */
    private final RecordDeadlines.Waits answerWaits;
    private final RecordDeadlines.Waits errorWaits;

    Settlement(UsageRecords records, SpendGate spend, UsageLedger ledger, GatewayMetrics metrics,
            RecordDeadlines deadlines) {
        this.answerWaits = deadlines.waits(ANSWER_WAIT);
        this.errorWaits = deadlines.waits(ERROR_WAIT);
        this.records = records;
        this.spend = spend;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /**
     * Records the attempt that answers the client and waits until the record is durable, before the answer (or
     * its last event) is released.
     *
     * @throws GatewayError ({@code UNAVAILABLE}) when the ledger cannot make it durable in time
     */
    void beforeAnswer(Exchange exchange, int status, String errorType) {
        UsageRecord record = records.of(exchange, status, errorType, false);
        if (!exchange.claimRecord()) {
            return;
        }
        metrics.exchangeCompleted(record, exchange.arrival().operation());
        exchange.trace().recorded(record, exchange.attempt());
        TraceStep write = exchange.trace().step(LEDGER_WRITE);
        try {
            answerWaits.watch(toLedger(exchange, record)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write.failed("interrupted");
            throw new GatewayError(GatewayError.Kind.INTERNAL, "Interrupted while recording usage.");
        } catch (Exception e) {
            write.failed("ledger_unavailable");
            log.error("Usage record {} could not be made durable", record.requestId(), e);
            // the client gets the 503 below, so the ledger records the 503 (it still has the record, or spills it)
            ledger.answeredInstead(record, 503, "ledger_unavailable");
            throw new GatewayError(GatewayError.Kind.UNAVAILABLE,
                    "The usage ledger is unavailable, so the answer cannot be released. Try again shortly.");
        } finally {
            write.end();
        }
    }

    /**
     * Records a refused or failed exchange before its error is answered, so whoever looks right after the answer
     * finds it; a ledger that cannot take it in time does not hold the error answer back (the writer spills it).
     * Does nothing when the attempt is recorded already.
     */
    void beforeErrorAnswer(Exchange exchange, int status, String errorType) {
        if (!exchange.claimRecord()) {
            return;
        }
        UsageRecord record = records.of(exchange, status, errorType, false);
        exchange.trace().recorded(record, exchange.attempt());
        TraceStep write = exchange.trace().step(LEDGER_WRITE);
        try {
            errorWaits.watch(toLedger(exchange, record)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            write.failed("ledger_not_durable_yet");
            log.warn("Usage record {} of a failed exchange is not durable yet: {}", record.requestId(), e.getMessage());
        } finally {
            write.end();
        }
        metrics.exchangeCompleted(record, exchange.arrival().operation());
    }

    /** Records a failed attempt that another attempt follows, without waiting. */
    void retried(Exchange exchange, int status, String errorType) {
        if (exchange.claimRecord()) {
            UsageRecord record = records.of(exchange, status, errorType, true);
            exchange.trace().recorded(record, exchange.attempt());
            toLedger(exchange, record, false); // not waited for: no span
        }
    }

    /** An exchange that ended without a usage record gives its reservation back. */
    void release(Exchange exchange) {
        AttemptRun attempt = exchange.attempt();
        spend.release(attempt == null ? null : attempt.reservation());
    }

    private CompletableFuture<Void> toLedger(Exchange exchange, UsageRecord record) {
        return toLedger(exchange, record, true);
    }

    /** Settles the reservation with the record, then hands the record to the ledger for a caller that waits or not. */
    private CompletableFuture<Void> toLedger(Exchange exchange, UsageRecord record, boolean waited) {
        var reservation = exchange.attempt() == null ? null : exchange.attempt().reservation();
        spend.settle(reservation, record);
        CompletableFuture<Void> durable = waited ? ledger.record(record) : ledger.recordInBackground(record);
        durable.whenComplete((done, failed) -> spend.durable(reservation));
        return durable;
    }
}
