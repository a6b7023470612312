package dev.aurelis.spend.ledger;

import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.spend.TimeRange;
import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** How ledger rows are selected and read back as {@link UsageRecord}s: the one column list and row mapper. */
public final class LedgerRows {

    public static final String COLUMNS = """
            tenant_id, id, created_at, request_id, user_id, user_email, key_id, team, department, cost_center, project,
            model_requested, model_served, provider_model, provider, endpoint, client_tool, streamed, input_tokens,
            cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost, currency, priced, status,
            error_type, latency_ms, first_token_ms, task, route, attempt, retried, usage_estimate, privacy""";

    /** The column after {@link #COLUMNS}: the transaction that wrote the row, as text. */
    public static final int COMMIT_COLUMN = 37;

    private LedgerRows() {
    }

    public static UsageRecord record(ResultSet rs) throws SQLException {
        Integer firstToken = rs.getObject(30) == null ? null : rs.getInt(30);
        return new UsageRecord(rs.getObject(2, UUID.class), rs.getString(1), rs.getTimestamp(3).toInstant(),
                rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6), rs.getObject(7, UUID.class),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17),
                rs.getBoolean(18),
                new TokenUsage(rs.getLong(19), rs.getLong(20), rs.getLong(21), rs.getLong(22), rs.getLong(23)),
                rs.getBigDecimal(24).stripTrailingZeros(), rs.getString(25), rs.getBoolean(26), rs.getInt(27),
                rs.getString(28), rs.getInt(29), firstToken, rs.getString(31), rs.getString(32), rs.getInt(33),
                rs.getBoolean(34), rs.getString(35), rs.getString(36));
    }

    /** A where clause over {@code filter} (starting with the tenant), collecting its parameters. */
    public static String where(String tenant, LedgerFilter filter, List<Object> params) {
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        params.add(tenant);
        condition(where, params, "lower(user_email) = lower(?)", filter.user());
        condition(where, params, "team = ?", filter.team());
        condition(where, params, "department = ?", filter.department());
        condition(where, params, "cost_center = ?", filter.costCenter());
        condition(where, params, "project = ?", filter.project());
        condition(where, params, "request_id = ?", filter.requestId());
        if (LedgerFilter.given(filter.model())) {
            where.append(" and (model_served = ? or model_requested = ?)");
            params.add(filter.model());
            params.add(filter.model());
        }
        if (filter.reach() != null) {
            where.append(" and (department = any(?) or team = any(?) or user_id = ?)");
            params.add(filter.reach().departments().toArray(String[]::new));
            params.add(filter.reach().teams().toArray(String[]::new));
            params.add(filter.reach().user());
        }
        return where.toString();
    }

    /** {@code (created_at >= ? and created_at < ?) or …} over the ranges; {@code false} when there are none. */
    public static String within(List<TimeRange> ranges, List<Object> params) {
        if (ranges.isEmpty()) {
            return "false";
        }
        List<String> parts = new ArrayList<>();
        for (TimeRange range : ranges) {
            StringBuilder part = new StringBuilder("(true");
            if (range.from() != null) {
                part.append(" and created_at >= ?");
                params.add(Timestamp.from(range.from()));
            }
            if (range.to() != null) {
                part.append(" and created_at < ?");
                params.add(Timestamp.from(range.to()));
            }
            parts.add(part.append(')').toString());
        }
        return String.join(" or ", parts);
    }

    private static void condition(StringBuilder where, List<Object> params, String condition, String value) {
        if (LedgerFilter.given(value)) {
            where.append(" and ").append(condition);
            params.add(value);
        }
    }

    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
