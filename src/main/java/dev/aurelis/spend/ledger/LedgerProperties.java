package dev.aurelis.spend.ledger;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Group commit of the usage ledger: up to {@code maxBatch} records per transaction. With
 * {@code synchronousCommit} off, a commit returns once PostgreSQL has the records in its WAL buffers: a record
 * survives the gateway dying, and the database server's own durability settings decide the rest.
 */
@ConfigurationProperties(prefix = "aurelis.ledger")
public record LedgerProperties(Integer maxBatch, Boolean synchronousCommit, Duration retryFor) {

    public int effectiveMaxBatch() {
        return maxBatch == null || maxBatch <= 0 ? 512 : maxBatch;
    }

    public boolean effectiveSynchronousCommit() {
        return synchronousCommit != null && synchronousCommit;
    }

    public Duration effectiveRetryFor() {
        return retryFor == null ? Duration.ofSeconds(5) : retryFor;
    }
}
