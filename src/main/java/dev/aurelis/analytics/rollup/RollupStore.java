package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.UsageRecord;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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

    /**
     * Writes {@code target}'s facts of {@code grain} anew from {@code source}'s (which must hold every dimension of
     * the target), a stretch of buckets at a time so memory stays bounded; returns the number of facts written.
     */
    long derive(String tenant, Grain grain, Cube target, Cube source) {
        String table = grain.table();
        String bucket = grain.bucketColumn();
        jdbc.sql("delete from " + table + " where tenant_id = ? and cube = ?").params(tenant, target.id()).update();
        record Span(Object first, Object last) {
        }
        Span span = jdbc.sql("select min(" + bucket + "), max(" + bucket + ") from " + table
                        + " where tenant_id = ? and cube = ?")
                .params(tenant, source.id())
                .query((rs, n) -> new Span(rs.getObject(1), rs.getObject(2))).single();
        if (span.first() == null) {
            return 0;
        }
        List<Dimension> kept = Arrays.stream(DIMENSIONS).filter(target.dimensions()::contains).toList();
        StringBuilder select = new StringBuilder("select f." + bucket);
        kept.forEach(d -> select.append(", ").append(d.selectExpression("d")));
        select.append(", sum(f.requests), sum(f.attempts), sum(f.input_tokens), sum(f.cached_tokens),"
                + " sum(f.cache_write_tokens), sum(f.output_tokens), sum(f.reasoning_tokens), sum(f.cost),"
                + " sum(f.latency_count), sum(f.latency_ms_sum), sum(f.first_token_count), sum(f.first_token_ms_sum),"
                + " array_agg(f.latency_sketch) filter (where f.latency_sketch is not null),"
                + " array_agg(f.first_token_sketch) filter (where f.first_token_sketch is not null)")
                .append(" from ").append(table).append(" f join analytics_dimension d on d.tenant_id = f.tenant_id")
                .append(" and d.id = f.dimension_id where f.tenant_id = ? and f.cube = ? and f.").append(bucket)
                .append(" >= ? and f.").append(bucket).append(" < ? group by 1");
        for (int i = 0; i < kept.size(); i++) {
            select.append(", ").append(i + 2);
        }
        // a day of hours, or a month of days, per statement
        boolean hourly = grain == Grain.HOURLY;
        Instant firstHour = hourly ? ((Timestamp) span.first()).toInstant() : null;
        Instant lastHour = hourly ? ((Timestamp) span.last()).toInstant() : null;
        LocalDate firstDay = hourly ? null : ((Date) span.first()).toLocalDate();
        LocalDate lastDay = hourly ? null : ((Date) span.last()).toLocalDate();
        long written = 0;
        for (int step = 0; ; step++) {
            Object from;
            Object to;
            if (hourly) {
                Instant start = firstHour.plus(Duration.ofDays(step));
                if (start.isAfter(lastHour)) {
                    break;
                }
                from = Timestamp.from(start);
                to = Timestamp.from(start.plus(Duration.ofDays(1)));
            } else {
                LocalDate start = firstDay.plusMonths(step);
                if (start.isAfter(lastDay)) {
                    break;
                }
                from = start;
                to = start.plusMonths(1);
            }
            Map<Cell, Tally> cells = new LinkedHashMap<>();
            jdbc.sql(select.toString()).params(tenant, source.id(), from, to).query(rs -> {
                String at = hourly ? rs.getTimestamp(1).toInstant().toString() : rs.getDate(1).toLocalDate().toString();
                String[] values = new String[DIMENSIONS.length];
                for (int i = 0; i < kept.size(); i++) {
                    values[kept.get(i).ordinal()] = rs.getString(2 + i);
                }
                int i = 2 + kept.size();
                Tally t = new Tally();
                t.requests = rs.getLong(i++);
                t.attempts = rs.getLong(i++);
                t.inputTokens = rs.getLong(i++);
                t.cachedTokens = rs.getLong(i++);
                t.cacheWriteTokens = rs.getLong(i++);
                t.outputTokens = rs.getLong(i++);
                t.reasoningTokens = rs.getLong(i++);
                t.cost = zeroIfNull(rs.getBigDecimal(i++));
                t.latencyCount = rs.getLong(i++);
                t.latencyMsSum = rs.getLong(i++);
                t.firstTokenCount = rs.getLong(i++);
                t.firstTokenMsSum = rs.getLong(i++);
                mergeInto(rs.getArray(i++), t.latency());
                mergeInto(rs.getArray(i), t.firstToken());
                cells.put(new Cell(target, at, new Coordinates(target, Arrays.asList(values))), t);
            });
            if (!cells.isEmpty()) {
                saveDimensions(tenant, cells.keySet().stream().map(Cell::coordinates).toList());
                save(tenant, grain, cells);
                written += cells.size();
            }
        }
        return written;
    }

    private static void mergeInto(Array sketches, Sketch into) throws SQLException {
        if (sketches != null) {
            for (Object bytes : (Object[]) sketches.getArray()) {
                into.add(Sketch.of((byte[]) bytes));
            }
        }
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
                Timestamp.from(span[0]), Timestamp.from(span[1])}));
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

    /**
     * New dimension rows, in one statement over arrays: a page of a busy hour has tens of thousands of cells, and a
     * statement per row made folding slower than the gateway writes the ledger.
     */
    private void saveDimensions(String tenant, List<Coordinates> coordinates) {
        Map<UUID, Coordinates> unique = new LinkedHashMap<>();
        coordinates.forEach(c -> unique.putIfAbsent(c.id(), c));
        StringBuilder columns = new StringBuilder("tenant_id, id, cube");
        StringBuilder arrays = new StringBuilder("?::uuid[], ?::smallint[]");
        StringBuilder names = new StringBuilder("id, cube");
        for (Dimension d : DIMENSIONS) {
            columns.append(", ").append(d.column());
            arrays.append(switch (d) {
                case USER_ID -> ", ?::uuid[]";
                case STATUS -> ", ?::integer[]";
                case PRICED -> ", ?::boolean[]";
                default -> ", ?::text[]";
            });
            names.append(", ").append(d.column());
        }
        Object[][] values = new Object[2 + DIMENSIONS.length][unique.size()];
        int row = 0;
        for (Map.Entry<UUID, Coordinates> e : unique.entrySet()) {
            values[0][row] = e.getKey().toString();
            values[1][row] = Short.toString(e.getValue().cube().id());
            for (Dimension d : DIMENSIONS) {
                Object value = e.getValue().value(d);
                values[2 + d.ordinal()][row] = value == null ? null : value.toString();
            }
            row++;
        }
        Object[] params = new Object[1 + values.length];
        params[0] = tenant;
        for (int i = 0; i < values.length; i++) {
            params[1 + i] = textArray(values[i]);
        }
        jdbc.sql("insert into analytics_dimension (" + columns + ") select ?, " + names + " from unnest(" + arrays
                        + ") as u(" + names + ") on conflict (tenant_id, id) do nothing")
                .params(params).update();
    }

    private static String[] textArray(Object[] values) {
        String[] texts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = (String) values[i];
        }
        return texts;
    }

    /**
     * The stored facts of {@code cells}, locked. One query per cube and bucket the page touches (a page is in
     * commit order, so usually an hour or two), each a range of the primary key with the dimension ids as an array:
     * joined with the keys instead, the planner, which cannot see how many keys an array holds, may scan the
     * tenant's facts once per key and take minutes over a busy hour. The array is cast in a subquery, which
     * runs once: in the generic plan of a prepared statement a bare cast would run again for every row.
     */
    private Map<Cell, Tally> load(String tenant, Grain grain, Map<Cell, Tally> cells) {
        Map<String, Map<UUID, Cell>> byCubeAndBucket = new LinkedHashMap<>();
        cells.keySet().forEach(cell -> byCubeAndBucket
                .computeIfAbsent(cell.cube().id() + "/" + cell.bucket(), k -> new HashMap<>())
                .put(cell.coordinates().id(), cell));
        String sql = "select f.dimension_id, " + RollupColumns.MEASURES_OF_F + " from " + grain.table()
                + " f where f.tenant_id = ? and f.cube = ? and f." + grain.bucketColumn() + " = ?::"
                + (grain == Grain.HOURLY ? "timestamptz" : "date")
                + " and f.dimension_id = any(array(select unnest(?::uuid[])))"
                + " for update of f";
        Map<Cell, Tally> existing = new HashMap<>();
        byCubeAndBucket.values().forEach(group -> {
            Cell any = group.values().iterator().next();
            String[] ids = group.keySet().stream().map(UUID::toString).toArray(String[]::new);
            jdbc.sql(sql).params(tenant, any.cube().id(), any.bucket(), ids).query(rs -> {
                Cell cell = group.get(rs.getObject(1, UUID.class));
                if (cell != null) {
                    existing.put(cell, RollupColumns.readMeasures(rs, 2));
                }
            });
        });
        return existing;
    }

    /** Writes the cells' facts in one statement over arrays (see {@link #saveDimensions}). */
    private void save(String tenant, Grain grain, Map<Cell, Tally> cells) {
        String bucket = grain.bucketColumn();
        String bucketType = grain == Grain.HOURLY ? "timestamptz" : "date";
        int n = cells.size();
        String[] cubes = new String[n];
        String[] buckets = new String[n];
        String[] ids = new String[n];
        long[][] counts = new long[7][n];
        String[] costs = new String[n];
        long[][] latency = new long[4][n];
        String[] latencySketches = new String[n];
        String[] firstTokenSketches = new String[n];
        int i = 0;
        for (Map.Entry<Cell, Tally> e : cells.entrySet()) {
            Cell cell = e.getKey();
            Tally t = e.getValue();
            cubes[i] = Short.toString(cell.cube().id());
            buckets[i] = cell.bucket();
            ids[i] = cell.coordinates().id().toString();
            long[] measures = {t.requests, t.attempts, t.inputTokens, t.cachedTokens, t.cacheWriteTokens,
                    t.outputTokens, t.reasoningTokens};
            for (int m = 0; m < measures.length; m++) {
                counts[m][i] = measures[m];
            }
            costs[i] = zeroIfNull(t.cost).toPlainString();
            latency[0][i] = t.latencyCount;
            latency[1][i] = t.latencyMsSum;
            latency[2][i] = t.firstTokenCount;
            latency[3][i] = t.firstTokenMsSum;
            latencySketches[i] = t.hasLatency() ? hex(t.latency().bytes()) : null;
            firstTokenSketches[i] = t.hasFirstToken() ? hex(t.firstToken().bytes()) : null;
            i++;
        }
        jdbc.sql("insert into " + grain.table() + " (tenant_id, cube, " + bucket + ", dimension_id, "
                        + RollupColumns.MEASURES + ") select ?, c, b, d, r, a, it, ct, cwt, ot, rt, cost, lc, ls,"
                        + " decode(lk, 'hex'), fc, fs, decode(fk, 'hex') from unnest(?::smallint[], ?::" + bucketType
                        + "[], ?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],"
                        + " ?::bigint[], ?::numeric[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[],"
                        + " ?::text[]) as u(c, b, d, r, a, it, ct, cwt, ot, rt, cost, lc, ls, lk, fc, fs, fk)"
                        + " on conflict (tenant_id, cube, " + bucket + ", dimension_id) do update set "
                        + RollupColumns.REPLACE_ALL)
                .params(tenant, cubes, buckets, ids, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5],
                        counts[6], costs, latency[0], latency[1], latencySketches, latency[2], latency[3],
                        firstTokenSketches)
                .update();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
