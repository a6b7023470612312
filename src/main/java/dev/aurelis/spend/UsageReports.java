package dev.aurelis.spend;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers usage queries over the ledger: filtered records, grouped sums and totals. */
@Component
public class UsageReports {

    /** The dimensions one may group by, mapped to their SQL expressions (the only SQL built from input names). */
    public static final Map<String, String> DIMENSIONS = dimensions();

    /** Requests are exchanges: the attempts an exchange retried are charged but not counted again. */
    private static final String TOTALS = """
            count(*) filter (where not retried), coalesce(sum(input_tokens), 0), coalesce(sum(cached_tokens), 0),
            coalesce(sum(output_tokens), 0), coalesce(sum(reasoning_tokens), 0), coalesce(sum(cost), 0),
            count(*) filter (where not priced and not retried), count(*) filter (where status >= 400 and not retried),
            count(*) filter (where retried)
            """;

    private final JdbcClient jdbc;

    UsageReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Map<String, String> dimensions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("user", "user_email");
        d.put("team", "team");
        d.put("department", "department");
        d.put("cost_center", "cost_center");
        d.put("project", "project");
        d.put("model", "model_served");
        d.put("model_requested", "model_requested");
        d.put("provider", "provider");
        d.put("client_tool", "client_tool");
        d.put("endpoint", "endpoint");
        d.put("status", "status::text");
        d.put("task", "task");
        d.put("day", "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')");
        d.put("month", "to_char(created_at at time zone 'UTC', 'YYYY-MM')");
        return Map.copyOf(d);
    }

    public UsageReport query(UsageQuery query) {
        for (String dimension : query.groupBy()) {
            if (!DIMENSIONS.containsKey(dimension)) {
                throw new IllegalArgumentException("Cannot group by '" + dimension + "'; use one of "
                        + String.join(", ", DIMENSIONS.keySet().stream().sorted().toList()) + ".");
            }
        }
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.from() != null) {
            where.append(" and created_at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" and created_at < ?");
            params.add(Timestamp.from(query.to()));
        }
        filter(where, params, "lower(user_email) = lower(?)", query.user());
        filter(where, params, "team = ?", query.team());
        filter(where, params, "department = ?", query.department());
        filter(where, params, "cost_center = ?", query.costCenter());
        filter(where, params, "project = ?", query.project());
        filter(where, params, "request_id = ?", query.requestId());
        if (query.within() != null) {
            UsageQuery.Within within = query.within();
            where.append(" and (department = any(?) or team = any(?) or user_id = ?)");
            params.add(within.departments().toArray(String[]::new));
            params.add(within.teams().toArray(String[]::new));
            params.add(within.user());
        }
        if (query.model() != null && !query.model().isBlank()) {
            where.append(" and (model_served = ? or model_requested = ?)");
            params.add(query.model());
            params.add(query.model());
        }

        List<UsageReport.Entry> records = query.limit() <= 0 ? List.of() : jdbc.sql("""
                select id, created_at, request_id, user_email, team, department, cost_center, project, model_requested,
                       model_served, provider_model, provider, endpoint, client_tool, streamed, input_tokens,
                       cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost, currency, priced,
                       status, error_type, latency_ms, first_token_ms, task, route, attempt, retried
                from spend_usage""" + where + " order by created_at desc, attempt desc, id limit " + query.limit())
                .params(params).query(UsageReports::entry).list();

        UsageReport.Totals totals = jdbc.sql("select " + TOTALS + " from spend_usage" + where).params(params)
                .query((rs, n) -> totals(rs, 1)).single();

        List<UsageReport.Group> groups = List.of();
        if (!query.groupBy().isEmpty()) {
            List<String> expressions = query.groupBy().stream().map(DIMENSIONS::get).toList();
            String select = String.join(", ", expressions);
            groups = jdbc.sql("select " + select + ", " + TOTALS + " from spend_usage" + where + " group by " + select
                    + " order by sum(cost) desc, count(*) desc").params(params).query((rs, n) -> {
                        Map<String, String> key = new LinkedHashMap<>();
                        for (int i = 0; i < query.groupBy().size(); i++) {
                            key.put(query.groupBy().get(i), rs.getString(i + 1));
                        }
                        return new UsageReport.Group(key, totals(rs, query.groupBy().size() + 1));
                    }).list();
        }
        return new UsageReport(records, groups, totals);
    }

    private static void filter(StringBuilder where, List<Object> params, String condition, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" and ").append(condition);
            params.add(value);
        }
    }

    private static UsageReport.Totals totals(ResultSet rs, int first) throws SQLException {
        return new UsageReport.Totals(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2),
                rs.getLong(first + 3), rs.getLong(first + 4), rs.getBigDecimal(first + 5).stripTrailingZeros(),
                rs.getLong(first + 6), rs.getLong(first + 7), rs.getLong(first + 8));
    }

    private static UsageReport.Entry entry(ResultSet rs, int row) throws SQLException {
        Integer firstToken = rs.getObject(27) == null ? null : rs.getInt(27);
        return new UsageReport.Entry(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getBoolean(15), rs.getLong(16), rs.getLong(17), rs.getLong(18), rs.getLong(19), rs.getLong(20),
                rs.getBigDecimal(21).stripTrailingZeros(), rs.getString(22), rs.getBoolean(23), rs.getInt(24),
                rs.getString(25), rs.getInt(26), firstToken, rs.getString(28), rs.getString(29), rs.getInt(30),
                rs.getBoolean(31));
    }
}
