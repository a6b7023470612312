package dev.aurelis.spend;

import dev.aurelis.testing.Migrations;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.aurelis.spend.ledger.LedgerProperties;
import dev.aurelis.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class UsageLedgerTests {

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private Path dataDir;
    private final List<UsageLedger> ledgers = new ArrayList<>();

    @BeforeEach
    void database() throws Exception {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestDatabase.createDatabase("aurelis_ledger_" + UUID.randomUUID().toString().replace("-", "")));
        dataSource.setUsername("postgres");
        // batches as multi-row statements, as on the application's connections (ADR 0090)
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        // the role the migrations grant to; a Spring context creates it at start, this test has none
        new JdbcTemplate(dataSource).execute("do $$ begin create role aurelis_app nologin; "
                + "exception when duplicate_object then null; end $$");
        Migrations.flyway().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        dataDir = Files.createTempDirectory("aurelis-ledger");
    }

    @AfterEach
    void close() {
        ledgers.forEach(UsageLedger::stop);
        dataSource.close();
    }

    private UsageLedger ledger(javax.sql.DataSource source, Duration retryFor, SimpleMeterRegistry meters) {
        return ledger(source, retryFor, meters, false);
    }

    private UsageLedger ledger(javax.sql.DataSource source, Duration retryFor, SimpleMeterRegistry meters,
            boolean synchronousCommit) {
        UsageLedger ledger = new UsageLedger(new JdbcTemplate(source), new LedgerProperties(512, synchronousCommit, retryFor), dataDir.toString(), meters,
                new UsageRejections(new JdbcTemplate(source), meters));
        ledger.start();
        ledgers.add(ledger);
        return ledger;
    }

    private static UsageRecord record(String requestId) {
        return record("tenant-a", requestId);
    }

    private static UsageRecord record(String tenant, String requestId) {
        return new UsageRecord(UUID.randomUUID(), tenant, Instant.now(), requestId, UUID.randomUUID(), "a@example.com",
                UUID.randomUUID(), "team", "dept", "CC-1", null, "gpt-4o", "gpt-4o", "gpt-4o-2024-08-06", "openai",
                "/v1/chat/completions", "curl", false, new TokenUsage(100, 0, 0, 20, 0), new BigDecimal("0.00045"),
                "USD", true, 200, null, 12, null, "code_generation", "gpt-4o (requested)", 1, false);
    }

    @Test
    void commitsQueuedRecordsTogetherInOneTransaction() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        UsageLedger ledger = ledger(dataSource, Duration.ofSeconds(5), meters);
        try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
            // Hold the table so the first record, committed alone by its caller's thread as nothing else is queued,
            // waits, while the next 199 records queue up behind it for the writer.
            blocker.setAutoCommit(false);
            statement.execute("lock table spend_usage in exclusive mode");
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> ledger.record(record("first")).join());
            awaitWriterBlocked();
            List<CompletableFuture<Void>> rest = new ArrayList<>();
            for (int i = 0; i < 199; i++) {
                rest.add(ledger.record(record("r" + i)));
            }
            assertThat(first).isNotDone();
            blocker.commit();
            first.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }

        assertThat(jdbc.queryForObject("select count(*) from spend_usage", Long.class)).isEqualTo(200);
        assertThat(meters.get("aurelis.ledger.batch.duration").timer().count()).isEqualTo(2);
        // the 199 that queued behind the lock went in one batch, committed as one transaction
        assertThat(jdbc.queryForObject("select count(distinct commit_xid) from spend_usage where request_id like 'r%'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void aRecordThatFindsNothingQueuedIsCommittedByItsCallerBeforeRecordReturns() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        UsageLedger ledger = ledger(dataSource, Duration.ofSeconds(5), meters);

        CompletableFuture<Void> alone = ledger.record(record("alone"));

        assertThat(alone).isCompleted();
        assertThat(jdbc.queryForObject("select count(*) from spend_usage where request_id = 'alone'", Long.class))
                .isEqualTo(1);
        assertThat(meters.get("aurelis.ledger.batch.duration").timer().count()).isEqualTo(1);
    }

    @Test
    void aRecordNobodyWaitsForIsLeftToTheWriterAndNeverHoldsItsCaller() throws Exception {
        UsageLedger ledger = ledger(dataSource, Duration.ofSeconds(5), new SimpleMeterRegistry());
        try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("lock table spend_usage in exclusive mode");

            CompletableFuture<Void> retried = ledger.recordInBackground(record("retried"));

            assertThat(retried).isNotDone();
            awaitWriterBlocked();
            blocker.commit();
            retried.get(10, TimeUnit.SECONDS);
        }
        assertThat(jdbc.queryForObject("select count(*) from spend_usage where request_id = 'retried'", Long.class))
                .isEqualTo(1);
    }

    @Test
    void eachTenantsRecordsInOneBatchAreAdmittedUnderThatTenant() throws Exception {
        // the application's role, to which row-level security applies: a record bound to another tenant is refused
        jdbc.execute("grant aurelis_app to current_user");
        try (HikariDataSource application = new HikariDataSource()) {
            application.setJdbcUrl(dataSource.getJdbcUrl());
            application.setUsername("postgres");
            application.setConnectionInitSql("set role aurelis_app");
            UsageLedger ledger = ledger(application, Duration.ofSeconds(5), new SimpleMeterRegistry());
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                statement.execute("lock table spend_usage in exclusive mode");
                futures.add(CompletableFuture.runAsync(() -> ledger.record(record("a-first")).join()));
                awaitWriterBlocked();
                for (String tenant : List.of("tenant-b", "tenant-a", "tenant-c", "tenant-b")) {
                    futures.add(ledger.record(record(tenant, tenant + "-queued")));
                }
                blocker.commit();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }

        assertThat(jdbc.queryForList("select tenant_id || ':' || request_id from spend_usage order by 1",
                String.class)).containsExactly("tenant-a:a-first", "tenant-a:tenant-a-queued",
                        "tenant-b:tenant-b-queued", "tenant-b:tenant-b-queued", "tenant-c:tenant-c-queued");
        assertThat(jdbc.queryForObject("select count(*) from spend_usage_rejected", Long.class)).isZero();
    }

    @Test
    void spillsToLocalDiskWhenTheDatabaseIsDownAndReplaysLater() throws Exception {
        HikariDataSource dead = new HikariDataSource();
        dead.setJdbcUrl("jdbc:postgresql://127.0.0.1:9/nothing");
        dead.setInitializationFailTimeout(-1);
        dead.setConnectionTimeout(250);
        try (dead) {
            UsageLedger down = ledger(dead, Duration.ofMillis(300), new SimpleMeterRegistry());
            down.record(record("spilled-1")).get(30, TimeUnit.SECONDS);
            down.record(record("spilled-2")).get(30, TimeUnit.SECONDS);
            assertThat(Files.readAllLines(dataDir.resolve("ledger-spill.jsonl"))).hasSize(2);
        }

        ledger(dataSource, Duration.ofSeconds(5), new SimpleMeterRegistry());

        assertThat(jdbc.queryForList("select request_id from spend_usage order by request_id", String.class))
                .containsExactly("spilled-1", "spilled-2");
        assertThat(dataDir.resolve("ledger-spill.jsonl")).doesNotExist();
    }

    @Test
    void replayingTheSameSpillTwiceRecordsEachExchangeOnce() throws Exception {
        UsageRecord record = record("once");
        UsageLedger ledger = ledger(dataSource, Duration.ofSeconds(5), new SimpleMeterRegistry());
        ledger.record(record).get(10, TimeUnit.SECONDS);
        String line = tools.jackson.databind.json.JsonMapper.builder().findAndAddModules().build().writeValueAsString(record);
        Files.writeString(dataDir.resolve("ledger-spill.jsonl"), line + "\n");

        ledger.replaySpill();

        assertThat(jdbc.queryForObject("select count(*) from spend_usage where request_id = 'once'", Long.class)).isEqualTo(1);
    }

    @Test
    void theCommitWaitsForTheDiskExactlyWhenConfiguredWhateverTheServersDefault() throws Exception {
        // a trigger reads the setting inside the writer's own transaction
        jdbc.execute("create table ledger_commit_mode (request_id text, mode text)");
        jdbc.execute("create function ledger_commit_mode() returns trigger language plpgsql as $$ begin "
                + "insert into ledger_commit_mode values (new.request_id, current_setting('synchronous_commit')); "
                + "return new; end $$");
        jdbc.execute("create trigger ledger_commit_mode before insert on spend_usage for each row "
                + "execute function ledger_commit_mode()");
        for (String serverDefault : List.of("on", "off")) {
            jdbc.execute("alter database " + jdbc.queryForObject("select current_database()", String.class)
                    + " set synchronous_commit = " + serverDefault);
            dataSource.getHikariPoolMXBean().softEvictConnections(); // new sessions take the new default
            UsageLedger synchronous = ledger(dataSource, Duration.ofSeconds(5), new SimpleMeterRegistry(), true);
            synchronous.record(record("sync-" + serverDefault)).get(10, TimeUnit.SECONDS);
            synchronous.stop();
            UsageLedger asynchronous = ledger(dataSource, Duration.ofSeconds(5), new SimpleMeterRegistry(), false);
            asynchronous.record(record("async-" + serverDefault)).get(10, TimeUnit.SECONDS);
            asynchronous.stop();
        }

        assertThat(jdbc.queryForList("select request_id || '=' || mode from ledger_commit_mode order by request_id",
                String.class)).containsExactly("async-off=off", "async-on=off", "sync-off=on", "sync-on=on");
    }

    @Test
    void aTenantsTimeRangeIsReadThroughThePrimaryKeyWhichEachRecordIsIndexedByOnce() throws Exception {
        // thousands of records of one tenant among another's, over two months
        jdbc.update("""
                insert into spend_usage (tenant_id, id, created_at, request_id, endpoint, priced, status, latency_ms)
                select case when n % 2 = 0 then 'tenant-a' else 'tenant-b' end, gen_random_uuid(),
                       timestamptz '2026-11-01 00:00:00Z' + n * interval '10 minutes', 'req_' || n,
                       '/v1/chat/completions', true, 200, 5
                from generate_series(1, 8000) n""");
        jdbc.execute("analyze spend_usage");

        // what budgets seed from, what retention deletes up to, and where the feed starts
        List<String> plans = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set enable_seqscan = off"); // a plan without a usable index would still scan
            for (String query : List.of(
                    "select sum(cost) from spend_usage where tenant_id = 'tenant-a' and created_at >= "
                            + "'2026-12-01 00:00:00Z' and created_at < '2026-12-15 00:00:00Z'",
                    "select created_at, id from spend_usage where tenant_id = 'tenant-a' and created_at < "
                            + "'2026-11-20 00:00:00Z' limit 100",
                    "select min(created_at) from spend_usage where tenant_id = 'tenant-a'")) {
                StringBuilder plan = new StringBuilder();
                try (var rows = statement.executeQuery("explain " + query)) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                plans.add(plan.toString());
            }
        }

        assertThat(plans).allSatisfy(plan -> assertThat(plan).contains("_pkey").doesNotContain("Seq Scan"));
        assertThat(jdbc.queryForList("select indexdef from pg_indexes where tablename = 'spend_usage'", String.class))
                .noneMatch(index -> index.endsWith("(tenant_id, created_at)"))
                .anyMatch(index -> index.contains("UNIQUE") && index.endsWith("(tenant_id, created_at, id)"));
    }

    private void awaitWriterBlocked() throws InterruptedException {
        // Waits for a condition (the writer's insert queued behind the lock), not for an amount of time.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Long waiting = jdbc.queryForObject(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into spend_usage%'",
                    Long.class);
            if (waiting != null && waiting > 0) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the ledger writer never reached the database");
    }
}
