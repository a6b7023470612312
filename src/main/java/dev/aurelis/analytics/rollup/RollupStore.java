package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.UsageRecord;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes rollups: folds ledger records into the facts of a grain (adding to what the facts already hold) and keeps
 * the dimension rows and each person's first and last activity. Runs inside the caller's transaction, for the
 * current tenant.
 */
@Component
class RollupStore {

    private static final Dimension[] DIMENSIONS = Dimension.values();

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    RollupStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** The bucket of a record in a grain. */
    static String bucketOf(Grain grain, Instant createdAt, ZoneId zone) {
        return grain == Grain.HOURLY ? createdAt.truncatedTo(ChronoUnit.HOURS).toString()
                : createdAt.atZone(zone).toLocalDate().toString();
    }

    /** Tallies of {@code records} per cell of every cube in {@code grain}. */
    static Map<Cell, Tally> cells(Grain grain, ZoneId zone, List<UsageRecord> records) {
        Map<Cell, Tally> cells = new LinkedHashMap<>();
        for (UsageRecord record : records) {
            String bucket = bucketOf(grain, record.createdAt(), zone);
            for (Cube cube : Cube.values()) {
                cells.computeIfAbsent(new Cell(cube, bucket, Coordinates.of(cube, record)), c -> new Tally()).add(record);
            }
        }
        return cells;
    }

    void fold(String tenant, Grain grain, ZoneId zone, List<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<Cell, Tally> cells = cells(grain, zone, records);
        saveDimensions(tenant, cells.keySet().stream().map(Cell::coordinates).toList());
        Map<Cell, Tally> existing = load(tenant, grain, cells);
        existing.forEach((cell, stored) -> {
            stored.add(cells.get(cell));
            cells.put(cell, stored);
        });
        save(tenant, grain, cells);
    }

    /** Each person's first and last exchange. */
    void touchUsers(String tenant, List<UsageRecord> records) {
        Map<UUID, Instant[]> seen = new HashMap<>();
        Map<UUID, String> emails = new HashMap<>();
        for (UsageRecord r : records) {
            if (r.userId() == null) {
                continue;
            }
            Instant[] span = seen.computeIfAbsent(r.userId(), u -> new Instant[] {r.createdAt(), r.createdAt()});
            if (r.createdAt().isBefore(span[0])) {
                span[0] = r.createdAt();
            }
            if (r.createdAt().isAfter(span[1])) {
                span[1] = r.createdAt();
                emails.put(r.userId(), r.userEmail());
            }
            emails.putIfAbsent(r.userId(), r.userEmail());
        }
        List<Object[]> rows = new ArrayList<>();
        seen.forEach((user, span) -> rows.add(new Object[] {tenant, user, emails.get(user),
                java.sql.Timestamp.from(span[0]), java.sql.Timestamp.from(span[1])}));
        template.batchUpdate("""
                insert into analytics_user_activity (tenant_id, user_id, user_email, first_seen, last_seen)
                values (?, ?, ?, ?, ?)
                on conflict (tenant_id, user_id) do update set
                    first_seen = least(analytics_user_activity.first_seen, excluded.first_seen),
                    last_seen = greatest(analytics_user_activity.last_seen, excluded.last_seen),
                    user_email = case when excluded.last_seen >= analytics_user_activity.last_seen
                                      then excluded.user_email else analytics_user_activity.user_email end
                """, rows);
    }

    private void saveDimensions(String tenant, List<Coordinates> coordinates) {
        Map<UUID, Coordinates> unique = new LinkedHashMap<>();
        coordinates.forEach(c -> unique.putIfAbsent(c.id(), c));
        StringBuilder columns = new StringBuilder("tenant_id, id, cube");
        StringBuilder marks = new StringBuilder("?, ?, ?");
        for (Dimension d : DIMENSIONS) {
            columns.append(", ").append(d.column());
            marks.append(switch (d) {
                case USER_ID -> ", ?::uuid";
                case STATUS -> ", ?::integer";
                case PRICED -> ", ?::boolean";
                default -> ", ?";
            });
        }
        List<Object[]> rows = new ArrayList<>(unique.size());
        unique.forEach((id, c) -> {
            Object[] row = new Object[3 + DIMENSIONS.length];
            row[0] = tenant;
            row[1] = id;
            row[2] = c.cube().id();
            for (Dimension d : DIMENSIONS) {
                row[3 + d.ordinal()] = c.value(d);
            }
            rows.add(row);
        });
        template.batchUpdate("insert into analytics_dimension (" + columns + ") values (" + marks
                + ") on conflict (tenant_id, id) do nothing", rows);
    }

    private Map<Cell, Tally> load(String tenant, Grain grain, Map<Cell, Tally> cells) {
        List<String> cubes = new ArrayList<>();
        List<String> buckets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Map<String, Cell> byKey = new HashMap<>();
        cells.keySet().forEach(cell -> {
            UUID id = cell.coordinates().id();
            cubes.add(Short.toString(cell.cube().id()));
            buckets.add(cell.bucket());
            ids.add(id.toString());
            byKey.put(cell.cube().id() + "/" + cell.bucket() + "/" + id, cell);
        });
        String bucketType = grain == Grain.HOURLY ? "timestamptz" : "date";
        String bucketText = grain == Grain.HOURLY
                ? "to_char(f.bucket at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')" : "f.day::text";
        Map<Cell, Tally> existing = new HashMap<>();
        jdbc.sql("select f.cube, " + bucketText + ", f.dimension_id, " + RollupColumns.MEASURES_OF_F + " from "
                        + grain.table() + " f join unnest(?::smallint[], ?::" + bucketType + "[], ?::uuid[]) as k(cube, b, id)"
                        + " on f.cube = k.cube and f." + grain.bucketColumn() + " = k.b and f.dimension_id = k.id"
                        + " where f.tenant_id = ? for update of f")
                .params(cubes.toArray(String[]::new), buckets.toArray(String[]::new), ids.toArray(String[]::new), tenant)
                .query(rs -> {
                    Cell cell = byKey.get(rs.getShort(1) + "/" + rs.getString(2) + "/" + rs.getObject(3, UUID.class));
                    if (cell != null) {
                        existing.put(cell, RollupColumns.readMeasures(rs, 4));
                    }
                });
        return existing;
    }

    private void save(String tenant, Grain grain, Map<Cell, Tally> cells) {
        String bucket = grain.bucketColumn();
        String cast = grain == Grain.HOURLY ? "?::timestamptz" : "?::date";
        String sql = "insert into " + grain.table() + " (tenant_id, cube, " + bucket + ", dimension_id, "
                + RollupColumns.MEASURES + ") values (?, ?, " + cast + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (tenant_id, cube, " + bucket + ", dimension_id) do update set "
                + RollupColumns.REPLACE_ALL;
        List<Map.Entry<Cell, Tally>> entries = new ArrayList<>(cells.entrySet());
        template.batchUpdate(sql, entries, 1000, (PreparedStatement ps, Map.Entry<Cell, Tally> e) -> {
            Cell cell = e.getKey();
            Tally t = e.getValue();
            ps.setString(1, tenant);
            ps.setShort(2, cell.cube().id());
            ps.setString(3, cell.bucket());
            ps.setObject(4, cell.coordinates().id());
            bindMeasures(ps, 5, t);
        });
    }

    private static void bindMeasures(PreparedStatement ps, int first, Tally t) throws SQLException {
        int i = first;
        ps.setLong(i++, t.requests);
        ps.setLong(i++, t.attempts);
        ps.setLong(i++, t.inputTokens);
        ps.setLong(i++, t.cachedTokens);
        ps.setLong(i++, t.cacheWriteTokens);
        ps.setLong(i++, t.outputTokens);
        ps.setLong(i++, t.reasoningTokens);
        ps.setBigDecimal(i++, t.cost);
        ps.setLong(i++, t.latencyCount);
        ps.setLong(i++, t.latencyMsSum);
        bytes(ps, i++, t.hasLatency() ? t.latency().bytes() : null);
        ps.setLong(i++, t.firstTokenCount);
        ps.setLong(i++, t.firstTokenMsSum);
        bytes(ps, i, t.hasFirstToken() ? t.firstToken().bytes() : null);
    }

    private static void bytes(PreparedStatement ps, int index, byte[] bytes) throws SQLException {
        if (bytes == null) {
            ps.setNull(index, Types.BINARY);
        } else {
            ps.setBytes(index, bytes);
        }
    }

    static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
