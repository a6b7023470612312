package dev.aurelis.spend;

import dev.aurelis.testing.Migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.aurelis.spend.ledger.LedgerProperties;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The ledger feed hands out committed records in commit order, page by page, without losing or repeating one,
 * even when a transaction that began earlier commits after a later one, or a spilled record is replayed long after
 * its exchange.
 */
class LedgerFeedTests {

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    private HikariDataSource dataSource;
    private UsageLedger ledger;
    private LedgerFeed feed;

    @BeforeEach
    void database() throws Exception {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestDatabase.createDatabase("aurelis_feed_" + UUID.randomUUID().toString().replace("-", "")));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(4);
        // the role the migrations grant to; a Spring context creates it at start, this test has none
        new JdbcTemplate(dataSource).execute("do $$ begin create role aurelis_app nologin; "
                + "exception when duplicate_object then null; end $$");
        Migrations.flyway().dataSource(dataSource).load().migrate();
        ledger = new UsageLedger(new JdbcTemplate(dataSource), new LedgerProperties(512, true, Duration.ofSeconds(5)),
                Files.createTempDirectory("aurelis-feed").toString(), new SimpleMeterRegistry(),
                new UsageRejections(new JdbcTemplate(dataSource), new SimpleMeterRegistry()));
        ledger.start();
        feed = new LedgerFeed(JdbcClient.create(dataSource), dataSource, new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void close() {
        ledger.stop();
        dataSource.close();
    }

    private static UsageRecord record(TenantId tenant, String requestId, Instant at) {
        return new UsageRecord(UUID.randomUUID(), tenant.value(), at, requestId, UUID.randomUUID(), "a@example.com",
                UUID.randomUUID(), "platform", "engineering", "CC-1", null, "gpt-4o", "gpt-4o", "gpt-4o", "openai",
                "/v1/chat/completions", "curl", false, new TokenUsage(100, 0, 0, 20, 0), new BigDecimal("0.00045"),
                "USD", true, 200, null, 12, null, "code_generation", "gpt-4o (requested)", 1, false);
    }

    private void write(UsageRecord... records) {
        for (UsageRecord r : records) {
            ledger.record(r).join();
        }
    }

    /**
     * Waits until every record written so far is older than every transaction still running on the server: the feed
     * holds back what a transaction anywhere on the server (another test's context, say) might still precede.
     */
    private void settled() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "select not exists (select 1 from spend_usage"
                        + " where commit_xid >= pg_snapshot_xmin(pg_current_snapshot()))", Boolean.class)));
    }

    private List<String> readAll(TenantId tenant, int pageSize) {
        List<String> seen = new ArrayList<>();
        LedgerCursor cursor = LedgerCursor.START;
        while (true) {
            LedgerPage page = feed.after(tenant, cursor, pageSize);
            page.records().forEach(r -> seen.add(r.requestId()));
            assertThat(page.records()).hasSizeLessThanOrEqualTo(pageSize);
            cursor = page.next();
            if (!page.full()) {
                return seen;
            }
        }
    }

    @Test
    void pagesFollowTheCommitOrderWithoutGapsOrRepeats() {
        Instant now = Instant.now();
        // commit order differs from exchange time: the third record is the oldest exchange
        write(record(ACME, "r1", now), record(ACME, "r2", now.plusSeconds(5)), record(ACME, "r3", now.minusSeconds(3600)));
        write(record(GLOBEX, "g1", now));
        write(record(ACME, "r4", now.plusSeconds(9)), record(ACME, "r5", now.plusSeconds(10)));
        settled();

        assertThat(readAll(ACME, 2)).containsExactly("r1", "r2", "r3", "r4", "r5");
        assertThat(readAll(ACME, 10_000)).containsExactly("r1", "r2", "r3", "r4", "r5");
        assertThat(readAll(GLOBEX, 1)).containsExactly("g1");
    }

    @Test
    void aCursorResumesWhereTheLastPageEndedAndSeesLaterRecords() {
        Instant now = Instant.now();
        write(record(ACME, "r1", now), record(ACME, "r2", now));
        settled();
        LedgerPage first = feed.after(ACME, LedgerCursor.START, 10);
        assertThat(first.records()).extracting(UsageRecord::requestId).containsExactly("r1", "r2");
        assertThat(first.full()).isFalse();
        assertThat(feed.after(ACME, first.next(), 10).isEmpty()).isTrue();
        assertThat(feed.after(ACME, first.next(), 10).next()).isEqualTo(first.next());

        // a record spilled during an outage and replayed later carries its old exchange time: it still follows
        write(record(ACME, "replayed", now.minus(Duration.ofDays(20))));
        settled();
        LedgerCursor stored = LedgerCursor.parse(first.next().toString());
        assertThat(feed.after(ACME, stored, 10).records()).extracting(UsageRecord::requestId).containsExactly("replayed");
    }

    @Test
    void aRecordOfATransactionStillRunningHoldsBackEverythingCommittedAfterIt() throws Exception {
        Instant now = Instant.now();
        write(record(ACME, "before", now));
        settled();
        LedgerCursor afterBefore = feed.after(ACME, LedgerCursor.START, 10).next();
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            insertRaw(slow, "slow", now);           // this transaction takes its id first ...
            write(record(ACME, "quick", now));      // ... and commits after this one
            LedgerPage held = feed.after(ACME, afterBefore, 10);
            assertThat(held.isEmpty()).as("a reader that took 'quick' now would step over 'slow' for ever").isTrue();
            slow.commit();
        }
        settled();
        assertThat(feed.after(ACME, afterBefore, 10).records()).extracting(UsageRecord::requestId)
                .containsExactly("slow", "quick");
    }

    @Test
    void aScanReadsWholeRangesAndWhatFollowsACursorInAnother() {
        Instant hour = Instant.parse("2026-03-02T10:00:00Z");
        write(record(ACME, "edge", hour.plusSeconds(60)), record(ACME, "folded", hour.plus(Duration.ofHours(3))));
        settled();
        LedgerCursor folded = feed.after(ACME, LedgerCursor.START, 10).next();
        UsageRecord other = record(ACME, "late", hour.plus(Duration.ofHours(4)));
        write(other, record(ACME, "outside", hour.plus(Duration.ofDays(3))));
        settled();

        List<String> seen = new ArrayList<>();
        feed.scan(ACME, LedgerFilter.ALL, List.of(new TimeRange(hour, hour.plusSeconds(1800))),
                List.of(new LedgerFeed.Pending(new TimeRange(hour.plus(Duration.ofHours(1)), hour.plus(Duration.ofDays(1))),
                        folded)), r -> seen.add(r.requestId()));
        assertThat(seen).containsExactlyInAnyOrder("edge", "late");

        List<String> byTeam = new ArrayList<>();
        feed.scan(ACME, new LedgerFilter(null, "another-team", null, null, null, null, null, null),
                List.of(TimeRange.ALL), List.of(), r -> byTeam.add(r.requestId()));
        assertThat(byTeam).isEmpty();
        assertThat(feed.latest(ACME, LedgerFilter.ALL, TimeRange.ALL, 2)).extracting(UsageRecord::requestId)
                .containsExactly("outside", "late");
    }

    @Test
    void commitOrderIsNumericWhereTransactionIdsGainADigit() {
        Instant now = Instant.now();
        JdbcTemplate owner = new JdbcTemplate(dataSource);
        // as if the ninth and the tenth transaction of the server had written them: '10' sorts before '9' as text
        for (String[] row : List.of(new String[] {"ninth", "9"}, new String[] {"tenth", "10"})) {
            owner.update("insert into spend_usage (tenant_id, id, created_at, request_id, endpoint, priced, status,"
                    + " latency_ms, commit_xid) values (?, ?, ?, ?, '/v1/chat/completions', true, 200, 5, ?::xid8)",
                    ACME.value(), UUID.randomUUID(), Timestamp.from(now), row[0], row[1]);
        }
        settled();

        assertThat(readAll(ACME, 1)).as("one record a page, each after the cursor").containsExactly("ninth", "tenth");
        assertThat(feed.head(ACME).transaction()).isEqualTo(10);
    }

    @Test
    void refusesPagesOutOfBoundsAndCursorsThatAreNotOne() {
        assertThatThrownBy(() -> feed.after(ACME, LedgerCursor.START, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> feed.after(ACME, LedgerCursor.START, LedgerFeed.MAX_PAGE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerCursor.parse("12")).hasMessageContaining("not a ledger cursor");
        assertThatThrownBy(() -> LedgerCursor.parse("x:" + UUID.randomUUID())).hasMessageContaining("not a ledger cursor");
        assertThatThrownBy(() -> LedgerCursor.parse("-4:" + UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
        assertThat(LedgerCursor.parse(null)).isEqualTo(LedgerCursor.START);
        assertThat(LedgerCursor.parse("start")).isEqualTo(LedgerCursor.START);
    }

    private static void insertRaw(Connection connection, String requestId, Instant at) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into spend_usage (tenant_id, id, created_at, request_id, endpoint, priced, status, latency_ms)
                values (?, ?, ?, ?, '/v1/chat/completions', true, 200, 5)""")) {
            insert.setString(1, ACME.value());
            insert.setObject(2, UUID.randomUUID());
            insert.setTimestamp(3, Timestamp.from(at));
            insert.setString(4, requestId);
            insert.executeUpdate();
        }
    }
}
