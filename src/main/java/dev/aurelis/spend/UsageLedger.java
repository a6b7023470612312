package dev.aurelis.spend;

import dev.aurelis.storage.DatabaseFailures;
import dev.aurelis.storage.DatabaseReachability;
import dev.aurelis.storage.WriterConnections;
import dev.aurelis.spend.ledger.WriterSession;
import dev.aurelis.spend.ledger.LedgerProperties;
import dev.aurelis.spend.ledger.SpillFile;
import dev.aurelis.spend.ledger.UsageRecordBounds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The usage ledger's writer. Exchanges hand in their record and wait for the returned future: one writer
 * thread commits whatever has queued up in a single transaction (group commit), so many concurrent exchanges
 * share one round trip; a record that finds nothing queued or being written is committed by its own exchange's
 * thread, which saves two thread hand-offs when requests come one by one (ADR 0100). If the database stays
 * unreachable past the retry window, the batch is appended to a local spill file (fsync'd) and replayed later, so a
 * completed exchange is never lost from the ledger.
 *
 * <p>No single record can block the others (ADR 0043): text is made storable and numbers are checked before a record
 * joins a batch ({@link UsageRecordBounds}); one out of bounds, or one the database refuses (found by halving the
 * batch that failed), becomes a dead letter ({@link UsageRejections}) while the rest commit; and the spill file is
 * replayed record by record from where the last replay stopped ({@link SpillFile}).
 */
@Component
@EnableConfigurationProperties(LedgerProperties.class)
public class UsageLedger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageLedger.class);

    /** A group commit takes milliseconds; this much silence from the database means it is gone. */
    private static final int WRITE_TIMEOUT_MILLIS = 10_000;

    private static final String INSERT = """
            insert into spend_usage (tenant_id, id, created_at, request_id, user_id, user_email, key_id, team,
                department, cost_center, project, model_requested, model_served, provider_model, provider, endpoint,
                client_tool, streamed, input_tokens, cached_tokens, cache_write_tokens, output_tokens,
                reasoning_tokens, cost, currency, priced, status, error_type, latency_ms, first_token_ms, task, route,
                attempt, retried, usage_estimate, privacy)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict do nothing
            """;

    /** A queued record, its text already storable; {@code violation} says why it must be a dead letter, if so. */
    private record Pending(UsageRecord record, String violation, CompletableFuture<Void> committed) {
    }

    private final JdbcTemplate jdbc;
    /** The writer's own connection; the replay of a spill and the last flush at shutdown take turns on it. */
    private final WriterSession session;
    private final ReentrantLock writing = new ReentrantLock();
    /** The writer has taken a group and not yet committed it: records that arrive meanwhile wait for its next one. */
    private volatile boolean writerBusy;
    private final LedgerProperties properties;
    private final SpillFile spill;
    private final UsageRejections rejections;
    private final AtomicBoolean replaying = new AtomicBoolean();
    private final Counter quarantined;
    /** Records whose client was answered otherwise than they say (see {@link #answeredInstead}), by id. */
    private final Map<java.util.UUID, UsageRecord> answeredInstead = new java.util.concurrent.ConcurrentHashMap<>();
    private final DatabaseReachability database;
    /** Lines spilled by an older version lack newer fields: they read as their defaults (attempt 1, not retried). */
    private final JsonMapper json = JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Timer batchTimer;
    private volatile boolean running;
    private volatile boolean stopped;
    private Thread writer;

    /**
     * A ledger that learns whether the database is down only from its own writes, and whose own connection is one of
     * {@code jdbc}'s, kept until it fails or the ledger stops.
     */
    UsageLedger(JdbcTemplate jdbc, LedgerProperties properties, String dataDir, MeterRegistry meters,
            UsageRejections rejections) {
        this(jdbc, () -> jdbc.getDataSource().getConnection(), properties, dataDir, meters, rejections, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    UsageLedger(JdbcTemplate jdbc, WriterConnections connections, LedgerProperties properties,
            @Value("${aurelis.data-dir}") String dataDir, MeterRegistry meters, UsageRejections rejections,
            DatabaseReachability database) {
        this.database = database;
        this.jdbc = jdbc;
        this.session = new WriterSession(connections, WRITE_TIMEOUT_MILLIS);
        this.properties = properties;
        this.rejections = rejections;
        this.spill = new SpillFile(Path.of(dataDir).toAbsolutePath().resolve("ledger-spill.jsonl"));
        this.quarantined = Counter.builder("aurelis.ledger.spill.quarantined")
                .description("Spilled usage records that could not be read or stored, moved to the quarantine file")
                .register(meters);
        this.batchTimer = Timer.builder("aurelis.ledger.batch.duration")
                .description("Time to commit one group of usage records").register(meters);
    }

    /**
     * Records for a caller that waits for the future: the record is committed at once on the caller's thread when
     * nothing else is queued or being written, else it queues for the writer's next group. The future completes once
     * the record is durable (committed or spilled).
     */
    public CompletableFuture<Void> record(UsageRecord handedIn) {
        return record(handedIn, true);
    }

    /** Queues a record for the writer's next group, for a caller that does not wait for it. */
    public CompletableFuture<Void> recordInBackground(UsageRecord handedIn) {
        return record(handedIn, false);
    }

    private CompletableFuture<Void> record(UsageRecord handedIn, boolean mayCommitHere) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        UsageRecord record = UsageRecordBounds.sanitised(handedIn);
        if (!running && stopped) {
            // an exchange that outlived the shutdown's drain: kept in the spill file, replayed at the next start
            try {
                spill(List.of(record));
                committed.complete(null);
            } catch (RuntimeException e) {
                committed.completeExceptionally(e);
            }
            return committed;
        }
        if (!running) {
            committed.completeExceptionally(new IllegalStateException("The usage ledger is not running"));
            return committed;
        }
        Pending pending = new Pending(record, UsageRecordBounds.violation(record), committed);
        if (!mayCommitHere || !committedAlone(pending)) {
            queue.add(pending);
        }
        return committed;
    }

    /**
     * Commits the record on the caller's own thread when nothing is queued or being written (ADR 0100): a record that
     * arrives alone would otherwise wake the writer thread, and its exchange again once the writer is done, and those
     * hand-offs cost more than the commit. One attempt only: on any failure the record queues for the writer, which
     * retries, spills or dead-letters it as always (the insert ignores a record already stored).
     */
    private boolean committedAlone(Pending pending) {
        if (pending.violation() != null || writerBusy || !queue.isEmpty()
                || database != null && !database.reachable() || !writing.tryLock()) {
            return false;
        }
        try {
            // records that queued meanwhile go to the writer, and this one with them: a group beats two commits
            if (!running || !queue.isEmpty()) {
                return false;
            }
            batchTimer.record(() -> insert(List.of(pending.record())));
        } catch (RuntimeException e) {
            return false;
        } finally {
            writing.unlock();
        }
        completed(List.of(pending));
        replayIfBack();
        return true;
    }

    /**
     * The client of this queued record was answered {@code status} instead (its answer could not wait any longer for
     * the ledger): the record is stored with what the client got. A record already written is left as it is.
     */
    public void answeredInstead(UsageRecord record, int status, String errorType) {
        answeredInstead.put(record.id(), UsageRecordBounds.sanitised(record.answered(status, errorType)));
    }

    private UsageRecord current(Pending pending) {
        return answeredInstead.getOrDefault(pending.record().id(), pending.record());
    }

    @Override
    public void start() {
        stopped = false;
        replaySpill();
        running = true;
        writer = Thread.ofPlatform().name("usage-ledger-writer").daemon(true).start(this::writeLoop);
    }

    @Override
    public void stop() {
        stopped = true;
        running = false;
        if (writer != null) {
            writer.interrupt();
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            commit(rest);
        }
        writing.lock();
        try {
            session.close();
        } finally {
            writing.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops after the web server has stopped (its graceful shutdown and its stop run at {@code DEFAULT_PHASE - 1024}
     * and {@code - 2048}), so every exchange that was still in flight has recorded before the queue is flushed.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void writeLoop() {
        int maxBatch = properties.effectiveMaxBatch();
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                writerBusy = true;
                // a record being committed alone finishes first, and what queues meanwhile joins this group; the lock
                // is not held through the commit, whose retries and spill must not wait on a replay that needs it
                writing.lock();
                writing.unlock();
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                log.error("Usage ledger writer failed unexpectedly; continuing", e);
            } finally {
                writerBusy = false;
                batch.clear();
            }
        }
    }

    /** Commits the records; records out of bounds go to the dead letters, the rest in one group commit. */
    private void commit(List<Pending> batch) {
        List<Pending> valid = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            if (pending.violation() == null) {
                valid.add(pending);
            } else {
                reject(pending, pending.violation());
            }
        }
        if (!valid.isEmpty() && commitValid(valid)) {
            replayIfBack();
        }
    }

    /** The database took a batch, so it is back: replays what an outage left behind, off the committing thread. */
    private void replayIfBack() {
        if (spill.pending() && replaying.compareAndSet(false, true)) {
            Thread.ofVirtual().name("usage-ledger-replay").start(() -> {
                try {
                    replaySpill();
                } finally {
                    replaying.set(false);
                }
            });
        }
    }

    /**
     * Retries the batch while the database is unreachable, up to the retry window, then spills it. A batch the
     * database refuses for its content is halved until the record that it refuses is alone, and that record is
     * dead-lettered: every other record commits.
     */
    private boolean commitValid(List<Pending> batch) {
        long deadline = System.nanoTime() + properties.effectiveRetryFor().toNanos();
        long backoffMillis = 20;
        while (true) {
            List<UsageRecord> records = batch.stream().map(this::current).toList();
            try {
                batchTimer.record(() -> insert(records));
                completed(batch);
                return true;
            } catch (RuntimeException e) {
                if (!DatabaseFailures.unavailable(e)) {
                    isolate(batch, e);
                    return true;
                }
                // known to be down (its probe says so): no use waiting out the retry window, the spill is durable
                boolean knownDown = database != null && !database.reachable();
                if (knownDown || System.nanoTime() > deadline || !running && stopped) {
                    log.error("Could not write {} usage records to the database; spilling them to {}: {}",
                            records.size(), spill.path(), e.getMessage());
                    spillAndComplete(batch);
                    return false;
                }
                log.warn("Usage ledger write failed, retrying in {} ms: {}", backoffMillis, e.getMessage());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                backoffMillis = Math.min(backoffMillis * 2, 1000);
            }
        }
    }

    private void isolate(List<Pending> batch, RuntimeException failure) {
        if (batch.size() == 1) {
            reject(batch.getFirst(), DatabaseFailures.reason(failure));
            return;
        }
        int half = batch.size() / 2;
        commitValid(batch.subList(0, half));
        commitValid(batch.subList(half, batch.size()));
    }

    private void reject(Pending pending, String reason) {
        UsageRecord record = current(pending);
        log.warn("Usage record {} of request {} kept as a dead letter: {}", record.id(), record.requestId(), reason);
        try {
            rejections.store(record, reason);
            completed(List.of(pending));
        } catch (RuntimeException e) {
            // the dead letters are out of reach too: the spill keeps the record, and its replay checks it again
            log.error("Could not store the dead letter of usage record {}: {}", record.id(), e.getMessage());
            spillAndComplete(List.of(pending));
        }
    }

    private void completed(List<Pending> batch) {
        batch.forEach(p -> {
            answeredInstead.remove(p.record().id());
            p.committed().complete(null);
        });
    }

    private void spillAndComplete(List<Pending> batch) {
        try {
            spill(batch.stream().map(this::current).toList());
            completed(batch);
        } catch (RuntimeException spillFailure) {
            batch.forEach(p -> p.committed().completeExceptionally(spillFailure));
        }
    }

    /**
     * Inserts the records on the writer's own connection, in one round trip per tenant: the batch runs in autocommit,
     * so the database commits it as one implicit transaction at its end, with the session's commit mode. The tenant is
     * bound, and the commit mode said, only when they change (ADR 0086).
     */
    private void insert(List<UsageRecord> records) {
        Map<String, List<UsageRecord>> byTenant = new LinkedHashMap<>();
        records.forEach(r -> byTenant.computeIfAbsent(r.tenantId(), t -> new ArrayList<>()).add(r));
        writing.lock();
        try {
            boolean synchronous = properties.effectiveSynchronousCommit();
            for (Map.Entry<String, List<UsageRecord>> group : byTenant.entrySet()) {
                session.insert(group.getKey(), synchronous, INSERT, group.getValue(), UsageLedger::bind);
            }
        } catch (SQLException e) {
            DataAccessException translated = jdbc.getExceptionTranslator().translate("insert usage records", INSERT, e);
            throw translated != null ? translated : new UncategorizedSQLException("insert usage records", INSERT, e);
        } finally {
            writing.unlock();
        }
    }

    private static void bind(PreparedStatement ps, UsageRecord r) throws SQLException {
        int i = 1;
        ps.setString(i++, r.tenantId());
        ps.setObject(i++, r.id());
        ps.setTimestamp(i++, Timestamp.from(r.createdAt()));
        ps.setString(i++, r.requestId());
        ps.setObject(i++, r.userId());
        ps.setString(i++, r.userEmail());
        ps.setObject(i++, r.keyId());
        ps.setString(i++, r.team());
        ps.setString(i++, r.department());
        ps.setString(i++, r.costCenter());
        ps.setString(i++, r.project());
        ps.setString(i++, r.modelRequested());
        ps.setString(i++, r.modelServed());
        ps.setString(i++, r.providerModel());
        ps.setString(i++, r.provider());
        ps.setString(i++, r.endpoint());
        ps.setString(i++, r.clientTool());
        ps.setBoolean(i++, r.streamed());
        ps.setLong(i++, r.usage().inputTokens());
        ps.setLong(i++, r.usage().cachedInputTokens());
        ps.setLong(i++, r.usage().cacheWriteTokens());
        ps.setLong(i++, r.usage().outputTokens());
        ps.setLong(i++, r.usage().reasoningTokens());
        ps.setBigDecimal(i++, r.cost());
        ps.setString(i++, r.currency());
        ps.setBoolean(i++, r.priced());
        ps.setInt(i++, r.status());
        ps.setString(i++, r.errorType());
        ps.setInt(i++, r.latencyMs());
        if (r.firstTokenMs() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setInt(i++, r.firstTokenMs());
        }
        ps.setString(i++, r.task());
        ps.setString(i++, r.route());
        ps.setInt(i++, r.attempt());
        ps.setBoolean(i++, r.retried());
        ps.setString(i++, r.usageEstimate());
        ps.setString(i, r.privacy());
    }

    private void spill(List<UsageRecord> records) {
        List<String> lines = new ArrayList<>(records.size());
        records.forEach(record -> lines.add(json.writeValueAsString(record)));
        spill.append(lines);
    }

    /**
     * Replays the spill file record by record from where the last replay stopped: each record is stored, or kept as
     * a dead letter when the database refuses it, or quarantined with the reason when it cannot be read at all; the
     * replay stops (to resume later) only when the database is unreachable.
     */
    void replaySpill() {
        if (!spill.pendingOnDisk()) {
            return;
        }
        try {
            SpillFile.Replay replay = spill.replay(this::replayLine);
            if (replay.done() > 0 || replay.finished()) {
                log.info("Replayed {} spilled usage records into the ledger{}", replay.done(),
                        replay.finished() ? "" : "; the rest waits for the database");
            }
        } catch (IOException | RuntimeException e) {
            log.error("Could not replay spilled usage records from {} yet: {}", spill.path(), e.getMessage());
        }
    }

    private SpillFile.Outcome replayLine(String line) {
        UsageRecord record;
        try {
            record = UsageRecordBounds.sanitised(json.readValue(line, UsageRecord.class));
        } catch (RuntimeException e) {
            return quarantine(line, "unreadable: " + e.getMessage());
        }
        String violation = UsageRecordBounds.violation(record);
        if (violation == null) {
            try {
                insert(List.of(record));
                return SpillFile.Outcome.DONE;
            } catch (RuntimeException e) {
                if (DatabaseFailures.unavailable(e)) {
                    return SpillFile.Outcome.UNAVAILABLE;
                }
                violation = DatabaseFailures.reason(e);
            }
        }
        try {
            rejections.store(record, violation);
            return SpillFile.Outcome.DONE;
        } catch (RuntimeException e) {
            if (DatabaseFailures.unavailable(e)) {
                return SpillFile.Outcome.UNAVAILABLE;
            }
            return quarantine(line, violation + "; and as a dead letter: " + DatabaseFailures.reason(e));
        }
    }

    private SpillFile.Outcome quarantine(String line, String reason) {
        log.error("A spilled usage record cannot be replayed; moved to {}: {}", spill.quarantinePath(), reason);
        spill.quarantine(line, reason);
        quarantined.increment();
        return SpillFile.Outcome.DONE;
    }

    /** Retries spilled records once the database is back. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelay = 30, timeUnit = TimeUnit.SECONDS)
    void retrySpill() {
        replaySpill();
    }
}
