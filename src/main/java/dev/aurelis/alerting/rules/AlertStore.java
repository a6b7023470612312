package dev.aurelis.alerting.rules;

import dev.aurelis.alerting.Alert;
import dev.aurelis.alerting.Silence;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The alerts ({@code alerting_alert}) and silences ({@code alerting_silence}) of each tenant. */
@Component
public class AlertStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, rule, group_key, state, severity, summary, value, pending_since, fired_at, "
            + "resolved_at, last_notified_at, acknowledged_by, acknowledged_at, details::text";

    private final JdbcClient jdbc;

    AlertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The open (pending or firing) episode of a rule for a group. */
    public Optional<Alert> open(TenantId tenant, String rule, String group) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS + " from alerting_alert where tenant_id = ? "
                        + "and rule = ? and group_key = ? and state <> 'resolved'")
                .params(tenant.value(), rule, group).query(AlertStore::alert).optional());
    }

    /** Every open episode of a rule. */
    public List<Alert> openOf(TenantId tenant, String rule) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS + " from alerting_alert where tenant_id = ? "
                        + "and rule = ? and state <> 'resolved'")
                .params(tenant.value(), rule).query(AlertStore::alert).list());
    }

    /** Starts a pending episode unless one is open; returns it (or the one already open). */
    public Alert startPending(TenantId tenant, String rule, String group, String severity, String summary,
            BigDecimal value, Instant since, Map<String, Object> details) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                insert into alerting_alert (tenant_id, id, rule, group_key, state, severity, summary, value, pending_since,
                                            details)
                values (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?::jsonb)
                on conflict (tenant_id, rule, group_key) where state <> 'resolved' do nothing""")
                .params(tenant.value(), UUID.randomUUID(), rule, group, severity, summary, value, Timestamp.from(since),
                        JSON.writeValueAsString(details))
                .update());
        return open(tenant, rule, group).orElseThrow();
    }

    /** Marks a pending episode firing; false when another evaluator got there first. */
    public boolean fire(TenantId tenant, UUID id, Instant at, String summary, BigDecimal value,
            Map<String, Object> details) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                update alerting_alert set state = 'firing', fired_at = ?, last_notified_at = ?, summary = ?, value = ?,
                    details = details || ?::jsonb
                where tenant_id = ? and id = ? and state = 'pending'""")
                .params(Timestamp.from(at), Timestamp.from(at), summary, value, JSON.writeValueAsString(details),
                        tenant.value(), id).update() == 1);
    }

    public boolean resolve(TenantId tenant, UUID id, Instant at) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                update alerting_alert set state = 'resolved', resolved_at = ?
                where tenant_id = ? and id = ? and state = 'firing'""")
                .params(Timestamp.from(at), tenant.value(), id).update() == 1);
    }

    /** Drops a pending episode whose condition stopped holding before its duration. */
    public void dropPending(TenantId tenant, UUID id) {
        TenantContext.run(tenant, () -> jdbc.sql("delete from alerting_alert where tenant_id = ? and id = ? and state = 'pending'")
                .params(tenant.value(), id).update());
    }

    /** Records a re-notification if the last one is still the one the caller saw (one replica wins). */
    public boolean renotified(TenantId tenant, UUID id, Instant previous, Instant at, BigDecimal value) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                update alerting_alert set last_notified_at = ?, value = ?
                where tenant_id = ? and id = ? and state = 'firing' and last_notified_at = ?""")
                .params(Timestamp.from(at), value, tenant.value(), id, Timestamp.from(previous)).update() == 1);
    }

    public boolean acknowledge(TenantId tenant, UUID id, String by, Instant at) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                update alerting_alert set acknowledged_by = ?, acknowledged_at = ?
                where tenant_id = ? and id = ? and state = 'firing' and acknowledged_at is null""")
                .params(by, Timestamp.from(at), tenant.value(), id).update() == 1);
    }

    public Optional<Alert> find(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS + " from alerting_alert where tenant_id = ? and id = ?")
                .params(tenant.value(), id).query(AlertStore::alert).optional());
    }

    /** Episodes newest first; {@code state} null for all. */
    public List<Alert> list(TenantId tenant, String state, int limit) {
        List<Object> params = new ArrayList<>(List.of(tenant.value()));
        if (state != null) {
            params.add(state);
        }
        params.add(limit);
        String sql = "select " + COLUMNS + " from alerting_alert where tenant_id = ?" + (state == null ? "" : " and state = ?")
                + " order by pending_since desc, id limit ?";
        return TenantContext.call(tenant, () -> jdbc.sql(sql)
                .params(params).query(AlertStore::alert).list());
    }

    public Silence addSilence(TenantId tenant, String rule, String group, Instant from, Instant until, String reason,
            String by, Instant now) {
        Silence silence = new Silence(UUID.randomUUID(), rule, group, from, until, reason, by, now);
        TenantContext.run(tenant, () -> jdbc.sql("""
                insert into alerting_silence (tenant_id, id, rule, group_key, starts_at, ends_at, reason, created_by,
                                              created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), silence.id(), rule, group, Timestamp.from(from), Timestamp.from(until), reason,
                        by, Timestamp.from(now)).update());
        return silence;
    }

    public boolean removeSilence(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql("delete from alerting_silence where tenant_id = ? and id = ?")
                .params(tenant.value(), id).update() == 1);
    }

    /** Silences that have not ended by {@code now}. */
    public List<Silence> silences(TenantId tenant, Instant now) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select id, rule, group_key, starts_at, ends_at, reason, created_by, created_at from alerting_silence
                where tenant_id = ? and ends_at > ? order by starts_at""")
                .params(tenant.value(), Timestamp.from(now))
                .query((rs, n) -> new Silence(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getString(6),
                        rs.getString(7), rs.getTimestamp(8).toInstant()))
                .list());
    }

    public boolean silenced(TenantId tenant, String rule, String group, Instant at) {
        return silences(tenant, at).stream().anyMatch(s -> s.covers(rule, group, at));
    }

    private static Alert alert(ResultSet rs, int n) throws SQLException {
        Map<String, Object> details = JSON.readValue(rs.getString(14), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return new Alert(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getBigDecimal(7), instant(rs.getTimestamp(8)),
                instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)),
                rs.getString(12), instant(rs.getTimestamp(13)), details);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
