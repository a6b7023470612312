package dev.aurelis.webhooks.store;

import dev.aurelis.privacy.Sealing;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.webhooks.Subscription;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The subscriptions ({@code webhooks_subscription}), each acting for its tenant under row-level security. Secrets
 * are sealed with the privacy module's envelope encryption, bound to the tenant and the subscription, so a sealed
 * secret copied to another row does not open.
 */
@Component
public class SubscriptionStore {

    private static final String COLUMNS = """
            id, url, array_to_string(event_types, ','), description, enabled, created_by, created_at, updated_at""";

    private final JdbcClient jdbc;
    private final Sealing sealing;

    SubscriptionStore(JdbcClient jdbc, Sealing sealing) {
        this.jdbc = jdbc;
        this.sealing = sealing;
    }

    public Subscription insert(TenantId tenant, String url, List<String> eventTypes, String description,
            boolean enabled, String secret, String createdBy, Instant now) {
        UUID id = UUID.randomUUID();
        TenantContext.run(tenant, () -> jdbc.sql("""
                insert into webhooks_subscription (tenant_id, id, url, event_types, description, secret_sealed, enabled,
                    created_by, created_at, updated_at)
                values (?, ?, ?, string_to_array(?, ','), ?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), id, url, String.join(",", eventTypes), description, seal(tenant, id, secret),
                        enabled, createdBy, Timestamp.from(now), Timestamp.from(now))
                .update());
        return new Subscription(id, url, eventTypes, description, enabled, createdBy, now, now);
    }

    public boolean update(TenantId tenant, Subscription changed, Instant now) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                update webhooks_subscription set url = ?, event_types = string_to_array(?, ','), description = ?,
                    enabled = ?, updated_at = ?
                where tenant_id = ? and id = ?""")
                .params(changed.url(), String.join(",", changed.eventTypes()), changed.description(),
                        changed.enabled(), Timestamp.from(now), tenant.value(), changed.id())
                .update()) == 1;
    }

    public boolean replaceSecret(TenantId tenant, UUID id, String secret, Instant now) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                update webhooks_subscription set secret_sealed = ?, updated_at = ? where tenant_id = ? and id = ?""")
                .params(seal(tenant, id, secret), Timestamp.from(now), tenant.value(), id).update()) == 1;
    }

    public boolean delete(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql(
                "delete from webhooks_subscription where tenant_id = ? and id = ?")
                .params(tenant.value(), id).update()) == 1;
    }

    public Optional<Subscription> find(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS
                + " from webhooks_subscription where tenant_id = ? and id = ?")
                .params(tenant.value(), id).query(SubscriptionStore::subscription).optional());
    }

    public List<Subscription> list(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS
                + " from webhooks_subscription where tenant_id = ? order by created_at, id")
                .params(tenant.value()).query(SubscriptionStore::subscription).list());
    }

    /** The subscription's secret, opened; empty when the subscription is gone. */
    public Optional<String> secret(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql(
                "select secret_sealed from webhooks_subscription where tenant_id = ? and id = ?")
                .params(tenant.value(), id).query((rs, n) -> rs.getBytes(1)).optional())
                .map(sealed -> new String(sealing.open(sealed, context(tenant, id)), StandardCharsets.UTF_8));
    }

    private byte[] seal(TenantId tenant, UUID id, String secret) {
        return sealing.seal(secret.getBytes(StandardCharsets.UTF_8), context(tenant, id));
    }

    private static String context(TenantId tenant, UUID id) {
        return "webhooks_subscription:" + tenant.value() + ":" + id;
    }

    private static Subscription subscription(ResultSet rs, int n) throws SQLException {
        String types = rs.getString(3);
        return new Subscription(rs.getObject(1, UUID.class), rs.getString(2),
                types == null || types.isEmpty() ? List.of() : Arrays.asList(types.split(",")), rs.getString(4),
                rs.getBoolean(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant());
    }
}
