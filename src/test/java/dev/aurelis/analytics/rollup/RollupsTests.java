package dev.aurelis.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AnalyticsTestBase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rollups answer exactly what a direct aggregation of the ledger answers: for any time range (aligned to days
 * or hours or not, open at either end), any filter and any grouping, in a zone whose days do not begin on a UTC
 * hour, whether the records are folded yet or not, after a rebuild, and after the organisation's zone changes.
 * Latency percentiles equal those of one histogram of every value.
 */
class RollupsTests extends AnalyticsTestBase {

    private static final TenantId TENANT_ID = TenantId.of(TENANT);
    private static final String[] USERS = {"ana@corp.example", "bo@corp.example", "cy@corp.example", "di@corp.example"};
    private static final UUID[] USER_IDS = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
    private static final String[][] TEAMS = {{"backend", "engineering", "ENG-000"}, {"infra", "platform", "ENG-100"},
            {"field", "sales", "SAL-000"}};
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "local-llama"};

    @Autowired
    Rollups rollups;
    @Autowired
    RollupReader reader;

    private final Random random = new Random(20261202);
    private Instant base;

    @BeforeEach
    void cleanLedger() {
        forgetAllUsage();
        base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12));
    }

    @Test
    void rollupsAnswerExactlyWhatTheLedgerSaysFolderOrNot() {
        write(1500);
        settled();
        rollups.catchUp(TENANT_ID);
        write(300); // not folded yet: the reader takes them from the ledger
        // a record spilled during an outage and replayed now, with its old exchange time
        write(List.of(synthetic(base.plus(Duration.ofHours(30)).plusSeconds(17), "replayed", false, 200)));
        assertEveryQueryMatches();

        settled();

        rollups.catchUp(TENANT_ID);
        assertEveryQueryMatches();
        assertThat(rollups.catchUp(TENANT_ID)).as("folding again finds nothing new").isZero();
        assertEveryQueryMatches();
    }

    @Test
    void aRebuildAndAChangedTimeZoneGiveTheSameExactAnswers() {
        write(800);
        settled();
        rollups.catchUp(TENANT_ID);
        Map<List<String>, Expected> before = expected(slice(null, null, List.of(Key.DAY, Key.MODEL), LedgerFilter.ALL));
        long records = JdbcClient.create(system).sql("select count(*) from spend_usage where tenant_id = ?").param(TENANT)
                .query(Long.class).single();
        assertThat(rollups.rebuild(TENANT_ID)).isEqualTo(records);
        assertMatches(slice(null, null, List.of(Key.DAY, Key.MODEL), LedgerFilter.ALL));
        assertThat(before).isEqualTo(expected(slice(null, null, List.of(Key.DAY, Key.MODEL), LedgerFilter.ALL)));

        changeZone("America/New_York");
        try {
            settled();
            rollups.catchUp(TENANT_ID);
            assertThat(rollups.currentStates(TENANT_ID).get(Grain.DAILY).zone().getId()).isEqualTo("America/New_York");
            assertEveryQueryMatches();
        } finally {
            changeZone(ZONE);
            settled();
            rollups.catchUp(TENANT_ID);
        }
        assertEveryQueryMatches();
    }

    @Test
    void aCubeAddedByAnUpgradeIsDerivedFromTheDetailCubeAsFoldingWouldHaveWrittenIt() {
        write(900);
        settled();
        rollups.catchUp(TENANT_ID);
        Map<String, List<String>> folded = peopleFacts();
        assertThat(folded).as("folding writes the person and totals cubes").isNotEmpty();

        // a database whose rollups were folded before the person cube existed
        JdbcClient db = JdbcClient.create(system);
        db.sql("delete from analytics_usage_hourly where tenant_id = ? and cube in (4, 5)").param(TENANT).update();
        db.sql("delete from analytics_usage_daily where tenant_id = ? and cube in (4, 5)").param(TENANT).update();
        db.sql("update analytics_rollup_state set cubes = '{1,2,3}' where tenant_id = ?").param(TENANT).update();
        assertThat(rollups.currentStates(TENANT_ID).get(Grain.HOURLY).cubes()).doesNotContain(Cube.PEOPLE, Cube.TOTALS);
        assertEveryQueryMatches(); // the reader takes the detail cube meanwhile

        write(200);
        settled();
        rollups.catchUp(TENANT_ID);
        assertThat(rollups.currentStates(TENANT_ID).values())
                .allSatisfy(s -> assertThat(s.cubes()).contains(Cube.PEOPLE, Cube.TOTALS));
        rollups.rebuild(TENANT_ID);
        Map<String, List<String>> rebuilt = peopleFacts();
        db.sql("delete from analytics_usage_hourly where tenant_id = ? and cube in (4, 5)").param(TENANT).update();
        db.sql("delete from analytics_usage_daily where tenant_id = ? and cube in (4, 5)").param(TENANT).update();
        db.sql("update analytics_rollup_state set cubes = '{1,2,3}' where tenant_id = ?").param(TENANT).update();
        rollups.catchUp(TENANT_ID);
        assertThat(peopleFacts()).as("derived facts equal folded ones, sketches included").isEqualTo(rebuilt);
        assertEveryQueryMatches();
    }

    /** The person and totals cubes' facts, bucket and dimension row to every stored measure. */
    private Map<String, List<String>> peopleFacts() {
        Map<String, List<String>> facts = new java.util.TreeMap<>();
        for (Grain grain : Grain.values()) {
            JdbcClient.create(system).sql("select " + grain.bucketColumn() + "::text, dimension_id::text, "
                            + RollupColumns.MEASURES + " from " + grain.table() + " where tenant_id = ? and cube in (4, 5)")
                    .param(TENANT).query(rs -> {
                        List<String> measures = new ArrayList<>();
                        for (int i = 3; i <= 16; i++) {
                            Object value = rs.getObject(i);
                            measures.add(value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes)
                                    : value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                                    : String.valueOf(value));
                        }
                        facts.put(grain + " " + rs.getString(1) + " " + rs.getString(2), measures);
                    });
        }
        return facts;
    }

    private void changeZone(String zone) {
        JdbcClient.create(system).sql("update tenancy_organization set time_zone = ? where tenant_id = ?")
                .params(zone, TENANT).update();
    }

    private void assertEveryQueryMatches() {
        Instant oddStart = base.plus(Duration.ofHours(27)).plusSeconds(1234);
        Instant oddEnd = base.plus(Duration.ofDays(9)).plus(Duration.ofMinutes(77));
        Instant dayAligned = Plan.floorDay(base.plus(Duration.ofDays(3)), rollups.zoneOf(TENANT_ID));
        Instant hourStart = base.plus(Duration.ofDays(2)).plus(Duration.ofHours(5));
        LedgerFilter.Reach platformReach = new LedgerFilter.Reach(Set.of("platform"), Set.of("field"), USER_IDS[0]);
        List<Slice> slices = List.of(
                slice(null, null, List.of(), LedgerFilter.ALL),
                slice(null, null, List.of(Key.DAY), LedgerFilter.ALL),
                slice(oddStart, oddEnd, List.of(Key.TEAM, Key.MODEL), LedgerFilter.ALL),
                slice(oddStart, null, List.of(Key.USER, Key.STATUS), LedgerFilter.ALL),
                slice(null, oddEnd, List.of(Key.MONTH, Key.PRICED), LedgerFilter.ALL),
                slice(dayAligned, dayAligned.plus(Duration.ofDays(4)), List.of(Key.WEEK, Key.PROVIDER), LedgerFilter.ALL),
                slice(hourStart, hourStart.plus(Duration.ofHours(7)), List.of(Key.HOUR), LedgerFilter.ALL),
                slice(oddStart, oddEnd, List.of(Key.WEEKDAY_HOUR), LedgerFilter.ALL),
                slice(oddStart, oddStart.plusSeconds(1000), List.of(Key.CLIENT_TOOL), LedgerFilter.ALL),
                slice(oddStart, oddEnd, List.of(Key.DEPARTMENT, Key.COST_CENTER, Key.TASK, Key.ERROR_TYPE),
                        LedgerFilter.ALL),
                slice(oddStart, oddEnd, List.of(Key.DAY), new LedgerFilter(USERS[1].toUpperCase(), null, null, null,
                        null, null, null, null)),
                slice(null, null, List.of(Key.MODEL_REQUESTED), new LedgerFilter(null, "infra", null, null, null,
                        "gpt-4o", null, null)),
                slice(oddStart, oddEnd, List.of(Key.USER, Key.TEAM), new LedgerFilter(null, null, null, null, null, null,
                        null, platformReach)),
                // the person cube: people per day, per client tool, per team and week, within a reach
                slice(oddStart, oddEnd, List.of(Key.DAY, Key.USER), LedgerFilter.ALL),
                slice(null, null, List.of(Key.CLIENT_TOOL, Key.USER), LedgerFilter.ALL),
                slice(dayAligned, null, List.of(Key.WEEK, Key.USER), new LedgerFilter(null, "backend", null, null, null,
                        null, null, platformReach)),
                slice(hourStart, hourStart.plus(Duration.ofDays(2)), List.of(Key.USER_ID, Key.DEPARTMENT),
                        new LedgerFilter(USERS[2], null, null, null, null, null, null, null)),
                slice(oddStart, oddEnd, List.of(Key.PROJECT, Key.ENDPOINT), new LedgerFilter(null, null, "engineering",
                        "ENG-000", "apollo", null, null, null)));
        slices.forEach(this::assertMatches);
    }

    private Slice slice(Instant from, Instant to, List<Key> keys, LedgerFilter filter) {
        return new Slice(TENANT_ID, from, to, filter, keys, true);
    }

    private void assertMatches(Slice slice) {
        RollupReader.Answer answer = reader.aggregate(slice);
        Map<List<String>, Expected> actual = new LinkedHashMap<>();
        answer.groups().forEach((key, tally) -> actual.put(key, Expected.of(tally)));
        assertThat(actual).as("groups of %s", slice).isEqualTo(expected(slice));
        Map<List<String>, Expected> ledgerSays = expected(slice);
        assertThat(ledgerSays).as("the slice selects records: %s", slice).isNotEmpty();
    }

    /** A tally's measures as plain values, percentiles included, to compare with the ledger's. */
    record Expected(long requests, long attempts, long failed, long unpricedRequests, long unpricedTokens, long input,
            long cached, long cacheWrite, long output, long reasoning, BigDecimal cost, long latencyCount,
            long latencySum, long firstTokenCount, long firstTokenSum, List<Long> latency, List<Long> firstToken) {

        static Expected of(Tally t) {
            return new Expected(t.requests(), t.attempts(), t.failedRequests(), t.unpricedRequests(), t.unpricedTokens(),
                    t.inputTokens(), t.cachedTokens(), t.cacheWriteTokens(), t.outputTokens(), t.reasoningTokens(),
                    t.cost(), t.latencyCount(), t.latencyMsSum(), t.firstTokenCount(), t.firstTokenMsSum(),
                    List.of(t.latencyPercentile(50), t.latencyPercentile(95), t.latencyPercentile(99)),
                    List.of(t.firstTokenPercentile(50), t.firstTokenPercentile(95), t.firstTokenPercentile(99)));
        }
    }

    /** The direct aggregation: SQL over the ledger's own table, and one histogram per group of every latency. */
    private Map<List<String>, Expected> expected(Slice slice) {
        String zone = rollups.currentStates(TENANT_ID).get(Grain.DAILY).zone().getId();
        List<Object> params = new ArrayList<>();
        StringBuilder select = new StringBuilder("select ");
        List<String> keyColumns = new ArrayList<>();
        for (Key key : slice.groupBy()) {
            keyColumns.add(switch (key) {
                case USER -> "user_email";
                case USER_ID -> "user_id::text";
                case MODEL -> "model_served";
                case STATUS -> "status::text";
                case PRICED -> "priced::text";
                case DAY -> "to_char(created_at at time zone '" + zone + "', 'YYYY-MM-DD')";
                case WEEK -> "to_char(date_trunc('week', created_at at time zone '" + zone + "'), 'YYYY-MM-DD')";
                case MONTH -> "to_char(created_at at time zone '" + zone + "', 'YYYY-MM')";
                case HOUR -> "to_char(date_trunc('hour', created_at at time zone 'UTC') at time zone 'UTC' at time zone '"
                        + zone + "', 'YYYY-MM-DD\"T\"HH24:MI')";
                case WEEKDAY_HOUR -> "extract(isodow from date_trunc('hour', created_at at time zone 'UTC') at time zone 'UTC'"
                        + " at time zone '" + zone + "')::int || '-' || extract(hour from date_trunc('hour', created_at at "
                        + "time zone 'UTC') at time zone 'UTC' at time zone '" + zone + "')::int";
                default -> key.dimension().column();
            });
        }
        keyColumns.forEach(c -> select.append(c).append(", "));
        select.append("""
                count(*) filter (where not retried), count(*), count(*) filter (where not retried and status >= 400),
                count(*) filter (where not retried and not priced),
                coalesce(sum(input_tokens + output_tokens) filter (where not priced), 0),
                sum(input_tokens), sum(cached_tokens), sum(cache_write_tokens), sum(output_tokens), sum(reasoning_tokens),
                sum(cost), count(*) filter (where not retried and status < 400),
                coalesce(sum(latency_ms) filter (where not retried and status < 400), 0),
                count(*) filter (where not retried and status < 400 and first_token_ms is not null),
                coalesce(sum(first_token_ms) filter (where not retried and status < 400), 0),
                array_agg(latency_ms) filter (where not retried and status < 400),
                array_agg(first_token_ms) filter (where not retried and status < 400 and first_token_ms is not null)
                from spend_usage where tenant_id = ?""");
        params.add(TENANT);
        if (slice.from() != null) {
            select.append(" and created_at >= ?");
            params.add(Timestamp.from(slice.from()));
        }
        if (slice.to() != null) {
            select.append(" and created_at < ?");
            params.add(Timestamp.from(slice.to()));
        }
        LedgerFilter f = slice.filter();
        if (f.user() != null) {
            select.append(" and lower(user_email) = lower(?)");
            params.add(f.user());
        }
        for (String[] condition : new String[][] {{"team", f.team()}, {"department", f.department()},
                {"cost_center", f.costCenter()}, {"project", f.project()}}) {
            if (condition[1] != null) {
                select.append(" and ").append(condition[0]).append(" = ?");
                params.add(condition[1]);
            }
        }
        if (f.model() != null) {
            select.append(" and (model_served = ? or model_requested = ?)");
            params.add(f.model());
            params.add(f.model());
        }
        if (f.reach() != null) {
            select.append(" and (department = any(?) or team = any(?) or user_id = ?)");
            params.add(f.reach().departments().toArray(String[]::new));
            params.add(f.reach().teams().toArray(String[]::new));
            params.add(f.reach().user());
        }
        if (!keyColumns.isEmpty()) {
            select.append(" group by ").append(String.join(", ", keyColumns));
        }
        int keys = keyColumns.size();
        Map<List<String>, Expected> expected = new LinkedHashMap<>();
        JdbcClient.create(system).sql(select.toString()).params(params).query(rs -> {
            if (rs.getLong(keys + 2) == 0) {
                return;
            }
            List<String> key = new ArrayList<>();
            for (int i = 1; i <= keys; i++) {
                key.add(rs.getString(i));
            }
            int i = keys + 1;
            expected.put(key, new Expected(rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++),
                    rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++),
                    rs.getBigDecimal(i++).stripTrailingZeros(), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++),
                    rs.getLong(i++), percentiles(rs.getArray(i++)), percentiles(rs.getArray(i))));
        });
        expected.replaceAll((k, e) -> e.cost().signum() == 0 ? new Expected(e.requests(), e.attempts(), e.failed(),
                e.unpricedRequests(), e.unpricedTokens(), e.input(), e.cached(), e.cacheWrite(), e.output(), e.reasoning(),
                BigDecimal.ZERO, e.latencyCount(), e.latencySum(), e.firstTokenCount(), e.firstTokenSum(), e.latency(),
                e.firstToken()) : e);
        return expected;
    }

    private static List<Long> percentiles(java.sql.Array values) throws java.sql.SQLException {
        Histogram histogram = new Histogram(1, 3_600_000L, 2);
        if (values != null) {
            for (Object value : (Object[]) values.getArray()) {
                histogram.recordValue(Math.max(1, Math.min(3_600_000L, ((Number) value).longValue())));
            }
        }
        return histogram.getTotalCount() == 0 ? List.of(0L, 0L, 0L) : List.of(histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(95), histogram.getValueAtPercentile(99));
    }

    private void write(int exchanges) {
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < exchanges; i++) {
            Instant at = base.plusMillis((long) (random.nextDouble() * Duration.ofDays(12).toMillis()));
            String requestId = "req-" + UUID.randomUUID();
            if (random.nextInt(10) == 0) {
                records.add(synthetic(at, requestId, true, 503));
            }
            int status = switch (random.nextInt(20)) {
                case 0 -> 429;
                case 1 -> 502;
                case 2 -> 400;
                default -> 200;
            };
            records.add(synthetic(at, requestId, false, status));
        }
        write(records);
    }

    private void write(List<UsageRecord> records) {
        record(records.toArray(UsageRecord[]::new));
    }

    private UsageRecord synthetic(Instant at, String requestId, boolean retried, int status) {
        int u = random.nextInt(USERS.length);
        String[] team = TEAMS[random.nextInt(TEAMS.length)];
        String model = MODELS[random.nextInt(MODELS.length)];
        boolean priced = !model.equals("local-llama");
        long input = 100 + random.nextInt(5000);
        long cached = random.nextInt(3) == 0 ? random.nextInt((int) input) : 0;
        long output = status == 200 ? 10 + random.nextInt(800) : 0;
        BigDecimal cost = priced ? BigDecimal.valueOf(input * 3 + output * 11, 7) : BigDecimal.ZERO;
        boolean streamed = random.nextBoolean();
        String tool = List.of("claude-code", "codex", "qwen-code", "curl").get(random.nextInt(4));
        String task = List.of("code_generation", "code_review", "documentation").get(random.nextInt(3));
        String error = status == 429 ? "budget_exceeded" : status == 502 ? "upstream_error" : status == 503
                ? "upstream_unavailable" : status == 400 ? "invalid_request" : null;
        return new UsageRecord(UUID.randomUUID(), TENANT, at, requestId, USER_IDS[u], USERS[u], UUID.randomUUID(),
                team[0], team[1], team[2], random.nextBoolean() ? "apollo" : null,
                random.nextInt(8) == 0 ? "auto" : model, model, model, model.startsWith("claude") ? "anthropic" : "openai",
                random.nextBoolean() ? "/v1/chat/completions" : "/v1/messages", tool, streamed,
                new TokenUsage(input, cached, 0, output, output / 10), cost, "USD", priced, status, error,
                5 + random.nextInt(random.nextInt(10) == 0 ? 60_000 : 3_000),
                streamed && status == 200 ? 1 + random.nextInt(900) : null, task, null, retried ? 1 : 2, retried);
    }
}
