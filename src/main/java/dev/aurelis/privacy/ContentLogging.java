package dev.aurelis.privacy;

import dev.aurelis.privacy.consent.ContentLogStore;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opt-in content logging ({@code privacy.content_logging.enabled}): the prompt an exchange sent to its provider and
 * the answer, sealed at rest (ADR 0042), kept for the retention configured, erased with the person. While
 * {@code compliance.consent_management} is on, only for people who consented to {@code content_logging}; the hot
 * path asks the in-memory register, and the write, off the exchange's thread through a bounded queue, checks the
 * stored consent again so a withdrawal that lands meanwhile wins. Nothing of the content is ever logged.
 */
@Component
public class ContentLogging {

    private static final Logger log = LoggerFactory.getLogger(ContentLogging.class);
    private static final int QUEUE = 1_000;

    /**
     * @param enabled   {@code privacy.content_logging.enabled}
     * @param retention how long entries are kept ({@code analytics.raw_data_retention_days})
     */
    public record Policy(boolean enabled, Duration retention) {
        public static final Policy OFF = new Policy(false, Duration.ofDays(90));
    }

    private final Consents consents;
    private final ContentLogStore store;
    private final Clock clock = Clock.systemUTC();
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().name("content-log").daemon(true).factory());
    private final Object quiet = new Object();
    private long pending;
    private volatile Policy policy = Policy.OFF;

    ContentLogging(Consents consents, ContentLogStore store) {
        this.consents = consents;
        this.store = store;
    }

    public void configure(Policy policy) {
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }

    /** Whether an exchange of {@code user}'s is to be logged: memory reads only, for the hot path. */
    public boolean wants(TenantId tenant, UUID user) {
        if (!policy.enabled()) {
            return false;
        }
        return !consents.managed() || consents.allows(tenant, user, ConsentPurpose.CONTENT_LOGGING);
    }

    /**
     * Logs an exchange if {@link #wants} it. The content is produced and sealed on the writer's thread; when the
     * queue is full the entry is dropped (said in the log, without content) rather than hold the exchange.
     */
    public void record(TenantId tenant, UUID user, String requestId, String model, Supplier<byte[]> prompt,
            Supplier<byte[]> answer) {
        if (!wants(tenant, user)) {
            return;
        }
        boolean consentRequired = consents.managed();
        synchronized (quiet) {
            pending++;
        }
        try {
            writer.execute(() -> {
                try {
                    ContentLogStore.Entry entry = new ContentLogStore.Entry(tenant, user, requestId, model,
                            clock.instant(), prompt.get(), answer.get());
                    TenantContext.run(tenant, () -> store.write(entry, consentRequired));
                } catch (RuntimeException e) {
                    log.warn("Could not log the content of exchange {}: {}", requestId, e.getClass().getSimpleName());
                } finally {
                    done();
                }
            });
        } catch (RejectedExecutionException full) {
            done();
            log.warn("The content log falls behind; exchange {} is not logged", requestId);
        }
    }

    /** Waits until every entry handed over so far is written or dropped; false if {@code timeout} passed first. */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (quiet) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(quiet, left);
            }
            return true;
        }
    }

    private void done() {
        synchronized (quiet) {
            pending--;
            quiet.notifyAll();
        }
    }
}
