package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Delivery;
import dev.aurelis.alerting.Notice;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notifications still to deliver ({@code alerting_outbox}), one row per notice and channel. A row is written in
 * the transaction of whatever caused it, so a notice is never lost to a crash, and taken by one replica at a time
 * ({@code for update skip locked}) when it is due.
 */
@Component
public class Outbox {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A row due for an attempt. */
    record Entry(UUID id, String tenant, String channel, Notice notice, int attempts, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    Outbox(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Adds a notice for {@code channel}, due at once; with a {@code dedupKey} already in the outbox, nothing is added.
     * Joins the caller's transaction when there is one. Returns the row's id, or empty when it was a duplicate.
     */
    public Optional<UUID> add(TenantId tenant, String channel, Notice notice, String dedupKey, Instant now) {
        UUID id = UUID.randomUUID();
        int added = TenantContext.call(tenant, () -> jdbc.sql("""
                insert into alerting_outbox (tenant_id, id, channel, notice, dedup_key, created_at, next_attempt_at)
                values (?, ?, ?, ?::jsonb, ?, ?, ?)
                on conflict (tenant_id, dedup_key) where dedup_key is not null do nothing""")
                .params(tenant.value(), id, channel, JSON.writeValueAsString(notice), dedupKey, Timestamp.from(now),
                        Timestamp.from(now))
                .update());
        return added == 1 ? Optional.of(id) : Optional.empty();
    }

    /** A row that is due, and its channel. */
    record Due(UUID id, String channel) {
    }

    /** The rows of {@code tenant} due by {@code now}, oldest due first. */
    List<Due> due(TenantId tenant, Instant now, int limit) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select id, channel from alerting_outbox
                where tenant_id = ? and delivered_at is null and abandoned_at is null and next_attempt_at <= ?
                order by next_attempt_at, created_at limit ?""")
                .params(tenant.value(), Timestamp.from(now), limit)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2))).list());
    }

    /** What to do with a row after an attempt. */
    interface Attempt {
        /** Returns how the attempt went, or null to leave the row untouched until {@code later} (rate limited). */
        Result run(Entry entry);
    }

    record Result(Outcome outcome, Instant nextAttempt, boolean abandon) {
    }

    /**
     * Locks the row if it is still due and no other replica holds it, runs {@code attempt} and records its result, in
     * one transaction. Returns false when the row was not available.
     */
    boolean attempt(TenantId tenant, UUID id, Instant now, Attempt attempt) {
        return TenantContext.call(tenant, () -> Boolean.TRUE.equals(transactions.execute(status -> {
            Optional<Entry> entry = jdbc.sql("""
                    select id, tenant_id, channel, notice::text, attempts, created_at from alerting_outbox
                    where tenant_id = ? and id = ? and delivered_at is null and abandoned_at is null
                      and next_attempt_at <= ?
                    for update skip locked""")
                    .params(tenant.value(), id, Timestamp.from(now))
                    .query((rs, n) -> new Entry(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            JSON.readValue(rs.getString(4), Notice.class), rs.getInt(5),
                            rs.getTimestamp(6).toInstant()))
                    .optional();
            if (entry.isEmpty()) {
                return false;
            }
            Result result = attempt.run(entry.get());
            if (result.outcome() == null) {
                jdbc.sql("update alerting_outbox set next_attempt_at = ? where tenant_id = ? and id = ?")
                        .params(Timestamp.from(result.nextAttempt()), tenant.value(), id).update();
            } else if (result.outcome().status() == Outcome.Status.DELIVERED) {
                jdbc.sql("""
                        update alerting_outbox set delivered_at = ?, attempts = attempts + 1, last_error = null
                        where tenant_id = ? and id = ?""")
                        .params(Timestamp.from(Instant.now()), tenant.value(), id).update();
            } else {
                jdbc.sql("""
                        update alerting_outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                            abandoned_at = ?
                        where tenant_id = ? and id = ?""")
                        .params(result.outcome().detail(), Timestamp.from(result.nextAttempt()),
                                result.abandon() ? Timestamp.from(Instant.now()) : null, tenant.value(), id)
                        .update();
            }
            return true;
        })));
    }

    /** The most recent rows of {@code tenant}, newest first. */
    public List<Delivery> recent(TenantId tenant, int limit) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select id, channel, notice->>'title', notice->>'kind', attempts, created_at, delivered_at, abandoned_at,
                       last_error
                from alerting_outbox where tenant_id = ? order by created_at desc limit ?""")
                .params(tenant.value(), limit)
                .query((rs, n) -> new Delivery(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getTimestamp(6).toInstant(), instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)), rs.getString(9)))
                .list());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
