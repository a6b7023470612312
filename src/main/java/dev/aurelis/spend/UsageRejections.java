package dev.aurelis.spend;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's dead letters ({@code spend_usage_rejected}): records the database refused, or that fail the ledger's
 * bounds, kept with the reason so that they never block the records committed with them and are never lost. Each is
 * counted in {@code aurelis.ledger.rejected}.
 */
@Component
public class UsageRejections {

    private static final String INSERT = """
            insert into spend_usage_rejected (tenant_id, id, record, reason, team, department, user_id)
            values (?, ?, ?::jsonb, ?, ?, ?, ?) on conflict do nothing
            """;
    private static final int MAX_REASON = 1000;

    private final JdbcTemplate jdbc;
    private final Counter rejected;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    UsageRejections(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.rejected = Counter.builder("aurelis.ledger.rejected")
                .description("Usage records kept as dead letters instead of in the ledger").register(meters);
    }

    /** Keeps the record as a dead letter of its tenant; a second call for the same record changes nothing. */
    void store(UsageRecord record, String reason) {
        UUID id = record.id() != null ? record.id() : UUID.randomUUID();
        String text = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        String recordJson = json.writeValueAsString(record);
        int stored = TenantContext.call(TenantId.of(record.tenantId()), () -> jdbc.update(INSERT, record.tenantId(), id,
                recordJson, text, record.team(), record.department(), record.userId()));
        if (stored > 0) {
            rejected.increment();
        }
    }

    /** The tenant's dead letters within {@code reach} (null: the whole organisation), newest first. */
    public List<RejectedUsage> list(String tenant, LedgerFilter.Reach reach, int limit) {
        StringBuilder sql = new StringBuilder(
                "select id, record, reason, rejected_at from spend_usage_rejected where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant));
        if (reach != null) {
            sql.append(" and (department = any(?) or team = any(?) or user_id = ?)");
            params.add(reach.departments().toArray(String[]::new));
            params.add(reach.teams().toArray(String[]::new));
            params.add(reach.user());
        }
        sql.append(" order by rejected_at desc, id limit ?");
        params.add(limit);
        return TenantContext.call(TenantId.of(tenant), () -> jdbc.query(sql.toString(), (rs, n) -> {
            var record = json.readTree(rs.getString(2));
            return new RejectedUsage(rs.getObject(1, UUID.class), record.path("request_id").asString(null),
                    rs.getString(3), ((Timestamp) rs.getTimestamp(4)).toInstant(), record);
        }, params.toArray()));
    }
}
