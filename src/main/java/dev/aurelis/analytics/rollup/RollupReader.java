package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.LedgerCursor;
import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.spend.TimeRange;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantContext;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers a {@link Slice} exactly from the rollups: whole days from the daily facts, whole hours from the hourly
 * facts, the minutes at the range's ends and whatever the rollups have not folded yet from the ledger. The facts
 * and the cursors saying how far they reach are read in one snapshot, so nothing is counted twice or missed while
 * the rollup job runs. Answers never lag the ledger.
 */
@Component
public class RollupReader {

    /** At most this many reads at once, and at most a quarter of the pool (at least one). */
    static final int READS_AT_ONCE = 4;
    private static final String WORK_MEM = "32MB";

    private final JdbcClient jdbc;
    private final LedgerFeed feed;
    private final Rollups rollups;
    private final TransactionTemplate snapshot;
    /**
     * Reports make their independent reads at the same time; this bounds how many reach the database at once, so
     * a few large reports cannot take every pooled connection (or more cores than there are) from the gateway.
     */
    private final Semaphore reads;

    RollupReader(JdbcClient jdbc, LedgerFeed feed, Rollups rollups, PlatformTransactionManager transactions,
            @Value("${aurelis.db.pool-size:16}") int poolSize) {
        this.reads = new Semaphore(readsAtOnce(poolSize), true);
        this.jdbc = jdbc;
        this.feed = feed;
        this.rollups = rollups;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * A quarter of the pool, between one and {@link #READS_AT_ONCE}: the gateway's ledger writes, sign-ins and the
     * report's other parts (feedback, reviews, the cost report) keep the rest (a pool size of 0 or less means the
     * default, 16).
     */
    static int readsAtOnce(int poolSize) {
        int pool = poolSize <= 0 ? 16 : poolSize;
        return Math.max(1, Math.min(READS_AT_ONCE, pool / 4));
    }

    /** The answer: each group's key (values in {@code groupBy} order) and tally, and the zone days were cut in. */
    public record Answer(Map<List<String>, Tally> groups, ZoneId zone) {

        /** The one group of a slice grouped by nothing (an empty tally when nothing matched). */
        public Tally total() {
            return groups.getOrDefault(List.of(), new Tally());
        }
    }

    /** The time zone {@code tenant}'s days are cut in by the rollups (the organisation's). */
    public ZoneId zoneOf(dev.aurelis.tenancy.TenantId tenant) {
        return rollups.currentStates(tenant).get(Grain.DAILY).zone();
    }

    public Answer aggregate(Slice slice) {
        try {
            reads.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to read the rollups", e);
        }
        try {
            return read(slice);
        } finally {
            reads.release();
        }
    }

    private Answer read(Slice slice) {
        Map<List<String>, Tally> groups = new LinkedHashMap<>();
        if (LedgerFilter.given(slice.filter().requestId())) {
            ZoneId zone = rollups.zoneOf(slice.tenant());
            feed.scan(slice.tenant(), slice.filter(), List.of(new TimeRange(slice.from(), slice.to())), List.of(),
                    record -> add(groups, slice, zone, record));
            return new Answer(groups, zone);
        }
        boolean hourlyOnly = slice.groupBy().stream().anyMatch(Key::hourly);
        record Read(ZoneId zone, Plan plan, LedgerCursor hourly, LedgerCursor daily) {
        }
        Read read = TenantContext.call(slice.tenant(), () -> snapshot.execute(status -> {
            // Grouping a month of facts by person and day makes tens of thousands of groups: with the server's
            // default memory per sort or hash (4 MB) the aggregation spills to disk. For this read only.
            jdbc.sql("set local work_mem = '" + WORK_MEM + "'").update();
            Map<Grain, RollupState> states = rollups.currentStates(slice.tenant());
            Set<Cube> complete = EnumSet.noneOf(Cube.class);
            complete.addAll(states.get(Grain.HOURLY).cubes());
            complete.retainAll(states.get(Grain.DAILY).cubes());
            Cube cube = Cube.covering(dimensions(slice), complete);
            ZoneId zone = states.get(Grain.DAILY).zone();
            Plan plan = Plan.of(slice.from(), slice.to(), zone, hourlyOnly);
            if (!plan.days().isEmpty()) {
                facts(groups, Grain.DAILY, cube, plan.days(), slice, zone);
            }
            if (!plan.hours().isEmpty()) {
                facts(groups, Grain.HOURLY, cube, plan.hours(), slice, zone);
            }
            return new Read(zone, plan, states.get(Grain.HOURLY).cursor(), states.get(Grain.DAILY).cursor());
        }));
        List<LedgerFeed.Pending> pending = new ArrayList<>();
        read.plan().days().forEach(r -> pending.add(new LedgerFeed.Pending(r, read.daily())));
        read.plan().hours().forEach(r -> pending.add(new LedgerFeed.Pending(r, read.hourly())));
        feed.scan(slice.tenant(), slice.filter(), read.plan().raw(), pending,
                record -> add(groups, slice, read.zone(), record));
        return new Answer(groups, read.zone());
    }

    private static void add(Map<List<String>, Tally> groups, Slice slice, ZoneId zone, UsageRecord record) {
        List<String> key = new ArrayList<>(slice.groupBy().size());
        for (Key k : slice.groupBy()) {
            key.add(k.of(record, zone));
        }
        groups.computeIfAbsent(key, k -> new Tally()).add(record);
    }

    /** Every dimension the slice filters or groups by. */
    private static Set<Dimension> dimensions(Slice slice) {
        Set<Dimension> wanted = EnumSet.noneOf(Dimension.class);
        slice.groupBy().stream().map(Key::dimension).filter(d -> d != null).forEach(wanted::add);
        LedgerFilter f = slice.filter();
        if (LedgerFilter.given(f.user())) {
            wanted.add(Dimension.USER);
        }
        if (LedgerFilter.given(f.team())) {
            wanted.add(Dimension.TEAM);
        }
        if (LedgerFilter.given(f.department())) {
            wanted.add(Dimension.DEPARTMENT);
        }
        if (LedgerFilter.given(f.costCenter())) {
            wanted.add(Dimension.COST_CENTER);
        }
        if (LedgerFilter.given(f.project())) {
            wanted.add(Dimension.PROJECT);
        }
        if (LedgerFilter.given(f.model())) {
            wanted.addAll(List.of(Dimension.MODEL, Dimension.MODEL_REQUESTED));
        }
        if (f.reach() != null) {
            wanted.addAll(List.of(Dimension.DEPARTMENT, Dimension.TEAM));
            if (f.reach().user() != null) {
                wanted.add(Dimension.USER_ID);
            }
        }
        return wanted;
    }

    private void facts(Map<List<String>, Tally> groups, Grain grain, Cube cube, List<TimeRange> ranges, Slice slice,
            ZoneId zone) {
        List<Object> params = new ArrayList<>();
        StringBuilder select = new StringBuilder("select ");
        for (Key key : slice.groupBy()) {
            select.append(key.sql(grain)).append(", ");
            for (int i = 0; i < key.zoneParameters(grain); i++) {
                params.add(zone.getId());
            }
        }
        select.append("""
                sum(f.requests), sum(f.attempts), coalesce(sum(f.requests) filter (where d.status >= 400), 0),
                coalesce(sum(f.requests) filter (where not d.priced), 0),
                coalesce(sum(f.input_tokens + f.output_tokens) filter (where not d.priced), 0),
                sum(f.input_tokens), sum(f.cached_tokens), sum(f.cache_write_tokens), sum(f.output_tokens),
                sum(f.reasoning_tokens), sum(f.cost), sum(f.latency_count), sum(f.latency_ms_sum),
                sum(f.first_token_count), sum(f.first_token_ms_sum)""");
        if (slice.latency()) {
            select.append(", array_agg(f.latency_sketch) filter (where f.latency_sketch is not null)")
                    .append(", array_agg(f.first_token_sketch) filter (where f.first_token_sketch is not null)");
        }
        select.append(" from ").append(grain.table()).append(" f join analytics_dimension d")
                .append(" on d.tenant_id = f.tenant_id and d.id = f.dimension_id where f.tenant_id = ? and f.cube = ?");
        params.add(slice.tenant().value());
        params.add(cube.id());
        select.append(" and (").append(bucketRanges(grain, ranges, zone, params)).append(')');
        select.append(DimensionFilter.sql(slice.filter(), params));
        if (!slice.groupBy().isEmpty()) {
            select.append(" group by ");
            for (int i = 1; i <= slice.groupBy().size(); i++) {
                select.append(i == 1 ? "" : ", ").append(i);
            }
        }
        int keys = slice.groupBy().size();
        jdbc.sql(select.toString()).params(params).query(rs -> {
            if (rs.getObject(keys + 1) == null) {
                return; // no facts at all: sum() over nothing
            }
            List<String> key = new ArrayList<>(keys);
            for (int i = 1; i <= keys; i++) {
                key.add(rs.getString(i));
            }
            groups.computeIfAbsent(key, k -> new Tally()).add(tally(rs, keys + 1, slice.latency()));
        });
    }

    private static String bucketRanges(Grain grain, List<TimeRange> ranges, ZoneId zone, List<Object> params) {
        List<String> parts = new ArrayList<>();
        String column = "f." + grain.bucketColumn();
        for (TimeRange range : ranges) {
            StringBuilder part = new StringBuilder("(true");
            if (range.from() != null) {
                part.append(" and ").append(column).append(" >= ?");
                params.add(grain == Grain.DAILY ? Plan.dayOf(range.from(), zone) : Timestamp.from(range.from()));
            }
            if (range.to() != null) {
                part.append(" and ").append(column).append(" < ?");
                params.add(grain == Grain.DAILY ? Plan.dayOf(range.to(), zone) : Timestamp.from(range.to()));
            }
            parts.add(part.append(')').toString());
        }
        return String.join(" or ", parts);
    }

    private static Tally tally(ResultSet rs, int first, boolean latency) throws SQLException {
        Tally t = new Tally();
        int i = first;
        t.requests = rs.getLong(i++);
        t.attempts = rs.getLong(i++);
        t.failedRequests = rs.getLong(i++);
        t.unpricedRequests = rs.getLong(i++);
        t.unpricedTokens = rs.getLong(i++);
        t.inputTokens = rs.getLong(i++);
        t.cachedTokens = rs.getLong(i++);
        t.cacheWriteTokens = rs.getLong(i++);
        t.outputTokens = rs.getLong(i++);
        t.reasoningTokens = rs.getLong(i++);
        t.cost = RollupStore.zeroIfNull(rs.getBigDecimal(i++));
        t.latencyCount = rs.getLong(i++);
        t.latencyMsSum = rs.getLong(i++);
        t.firstTokenCount = rs.getLong(i++);
        t.firstTokenMsSum = rs.getLong(i++);
        if (latency) {
            merge(rs.getArray(i++), t.latency());
            merge(rs.getArray(i), t.firstToken());
        }
        return t;
    }

    private static void merge(Array sketches, Sketch into) throws SQLException {
        if (sketches == null) {
            return;
        }
        Object[] each = (Object[]) sketches.getArray();
        Arrays.stream(each).forEach(bytes -> into.add(Sketch.of((byte[]) bytes)));
    }
}
