package dev.aurelis.webhooks.store;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.webhooks.Delivery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox of messages to deliver ({@code webhooks_delivery}) and the log of every attempt
 * ({@code webhooks_attempt}). A message is written before anyone tries to send it, so a crash loses none; an event
 * heard twice is enqueued once per subscription; a replay is a new row carrying the same message.
 */
@Component
public class DeliveryStore {

    private static final String COLUMNS = """
            id, subscription_id, message_id, event_id, event_type, replay_of, created_at, next_attempt_at,
            delivered_at, abandoned_at, last_status, last_error""";

    /** A message due for an attempt. */
    public record Due(UUID id, UUID subscriptionId, String messageId, String body, int attempts) {
    }

    /** How an attempt went: {@code delivered}, {@code retry} or {@code refused}, and what the endpoint said. */
    public record Result(String outcome, Integer status, String detail, Instant nextAttempt, boolean abandon) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    DeliveryStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Adds a message for a subscription, due at once, unless that event is already there; says whether it was added. */
    public boolean enqueue(TenantId tenant, UUID subscriptionId, String eventId, String eventType, String body,
            Instant now) {
        UUID id = UUID.randomUUID();
        return TenantContext.call(tenant, () -> jdbc.sql("""
                insert into webhooks_delivery (tenant_id, id, subscription_id, message_id, event_id, event_type, body,
                    created_at, next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, subscription_id, event_id) where replay_of is null do nothing""")
                .params(tenant.value(), id, subscriptionId, "msg_" + id.toString().replace("-", ""), eventId,
                        eventType, body, Timestamp.from(now), Timestamp.from(now))
                .update()) == 1;
    }

    /** A new delivery of the message {@code id} carried, due at once; empty when there is no such delivery. */
    public Optional<UUID> replay(TenantId tenant, UUID id, Instant now) {
        UUID replay = UUID.randomUUID();
        int added = TenantContext.call(tenant, () -> jdbc.sql("""
                insert into webhooks_delivery (tenant_id, id, subscription_id, message_id, event_id, event_type, body,
                    replay_of, created_at, next_attempt_at)
                select tenant_id, ?, subscription_id, message_id, event_id, event_type, body, id, ?, ?
                from webhooks_delivery where tenant_id = ? and id = ?""")
                .params(replay, Timestamp.from(now), Timestamp.from(now), tenant.value(), id).update());
        return added == 1 ? Optional.of(replay) : Optional.empty();
    }

    /** The messages of {@code tenant} due by {@code now}, oldest due first; a paused subscription's wait. */
    public List<Due> due(TenantId tenant, Instant now, int limit) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select d.id, d.subscription_id, d.message_id, d.body, d.attempts from webhooks_delivery d
                join webhooks_subscription s on s.tenant_id = d.tenant_id and s.id = d.subscription_id and s.enabled
                where d.tenant_id = ? and d.delivered_at is null and d.abandoned_at is null and d.next_attempt_at <= ?
                order by d.next_attempt_at, d.created_at limit ?""")
                .params(tenant.value(), Timestamp.from(now), limit)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getInt(5)))
                .list());
    }

    /** Logs attempt number {@code number} and moves the message on accordingly, in one transaction. */
    public void record(TenantId tenant, UUID id, int number, Instant at, Result result) {
        TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into webhooks_attempt (tenant_id, delivery_id, number, at, status, outcome, detail)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(tenant.value(), id, number, Timestamp.from(at), result.status(), result.outcome(),
                            result.detail())
                    .update();
            boolean delivered = result.outcome().equals("delivered");
            jdbc.sql("""
                    update webhooks_delivery set attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
                        delivered_at = ?, abandoned_at = ?
                    where tenant_id = ? and id = ?""")
                    .params(number, result.status(), delivered ? null : result.detail(),
                            Timestamp.from(result.nextAttempt()), delivered ? Timestamp.from(at) : null,
                            !delivered && result.abandon() ? Timestamp.from(at) : null, tenant.value(), id)
                    .update();
        }));
    }

    public Optional<Delivery> find(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS
                + " from webhooks_delivery where tenant_id = ? and id = ?")
                .params(tenant.value(), id).query(DeliveryStore::delivery).optional()
                .map(d -> withAttempts(tenant, d)));
    }

    /** The subscription's most recent deliveries, newest first, each with its attempts. */
    public List<Delivery> recent(TenantId tenant, UUID subscriptionId, int limit) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS
                + " from webhooks_delivery where tenant_id = ? and subscription_id = ?"
                + " order by created_at desc, id limit ?")
                .params(tenant.value(), subscriptionId, limit).query(DeliveryStore::delivery).list()
                .stream().map(d -> withAttempts(tenant, d)).toList());
    }

    private Delivery withAttempts(TenantId tenant, Delivery d) {
        List<Delivery.Attempt> attempts = jdbc.sql("""
                select number, at, status, outcome, detail from webhooks_attempt
                where tenant_id = ? and delivery_id = ? order by number""")
                .params(tenant.value(), d.id())
                .query((rs, n) -> new Delivery.Attempt(rs.getInt(1), rs.getTimestamp(2).toInstant(),
                        (Integer) rs.getObject(3), rs.getString(4), rs.getString(5)))
                .list();
        return new Delivery(d.id(), d.subscriptionId(), d.messageId(), d.eventId(), d.eventType(), d.status(),
                d.replayOf(), d.createdAt(), d.nextAttemptAt(), d.deliveredAt(), d.lastStatus(), d.lastError(),
                new ArrayList<>(attempts));
    }

    private static Delivery delivery(ResultSet rs, int n) throws SQLException {
        Instant delivered = instant(rs.getTimestamp(9));
        Instant abandoned = instant(rs.getTimestamp(10));
        String status = delivered != null ? "delivered" : abandoned != null ? "failed" : "pending";
        return new Delivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), status, rs.getObject(6, UUID.class), rs.getTimestamp(7).toInstant(),
                delivered == null && abandoned == null ? rs.getTimestamp(8).toInstant() : null, delivered,
                (Integer) rs.getObject(11), rs.getString(12), List.of());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
