package dev.aurelis.spend;

import dev.aurelis.testing.Migrations;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.aurelis.spend.ledger.LedgerProperties;
import dev.aurelis.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12: one bad usage record must not block the ledger. A NUL in a model name, a provider reporting 1e17 tokens,
 * a record the database refuses, an unreadable spill line, an outage and a restart in the middle of a replay: every
 * legitimate record reaches the ledger exactly once, and every bad one is kept with its reason.
 */
class LedgerPoisonTests {

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private Path dataDir;
    private final List<UsageLedger> ledgers = new ArrayList<>();
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    @BeforeEach
    void database() throws Exception {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestDatabase.createDatabase("aurelis_poison_" + UUID.randomUUID().toString().replace("-", "")));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(4);
        new JdbcTemplate(dataSource).execute("do $$ begin create role aurelis_app nologin; "
                + "exception when duplicate_object then null; end $$");
        Migrations.flyway().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        // The database's own refusal of a record that passes the ledger's bounds (as a constraint or a future column
        // type would refuse it), and a way to make it unreachable at one record of a replay.
        jdbc.execute("""
                create function refuse_poison() returns trigger language plpgsql as $$ begin
                  if new.request_id like 'refused-%' then raise exception 'refused by a check: %', new.request_id; end if;
                  if new.request_id like 'outage-%' and exists (select 1 from pg_tables where tablename = 'outage_now')
                    then raise exception using errcode = '57P01', message = 'terminating connection (test outage)'; end if;
                  return new; end $$""");
        jdbc.execute("create trigger refuse_poison before insert on spend_usage for each row execute function refuse_poison()");
        dataDir = Files.createTempDirectory("aurelis-poison");
    }

    @AfterEach
    void close() {
        ledgers.forEach(UsageLedger::stop);
        dataSource.close();
    }

    private UsageLedger ledger(DataSource source, Duration retryFor, SimpleMeterRegistry meters) {
        UsageLedger ledger = new UsageLedger(new JdbcTemplate(source), new LedgerProperties(512, false, retryFor), dataDir.toString(), meters,
                new UsageRejections(new JdbcTemplate(source), meters));
        ledger.start();
        ledgers.add(ledger);
        return ledger;
    }

    private static UsageRecord record(String requestId, String model, long inputTokens) {
        return new UsageRecord(UUID.randomUUID(), "tenant-a", Instant.now(), requestId, UUID.randomUUID(), "a@example.com",
                UUID.randomUUID(), "team", "dept", "CC-1", null, model, "gpt-4o", "gpt-4o-2024-08-06", "openai",
                "/v1/chat/completions", "curl", false, new TokenUsage(inputTokens, 0, 0, 20, 0),
                new BigDecimal("0.00045"), "USD", true, 200, null, 12, null, "code_generation", "gpt-4o (requested)", 1,
                false);
    }

    private static UsageRecord record(String requestId) {
        return record(requestId, "gpt-4o", 100);
    }

    @Test
    void aNulInTheModelAndAnAbsurdTokenCountDoNotHoldBackTheirBatch() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        UsageLedger ledger = ledger(dataSource, Duration.ofSeconds(5), meters);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
            // hold the table so that every record below queues into one batch behind the first
            blocker.setAutoCommit(false);
            statement.execute("lock table spend_usage in exclusive mode");
            futures.add(ledger.record(record("first")));
            awaitWriterBlocked();
            for (int i = 0; i < 10; i++) {
                futures.add(ledger.record(record("ok-" + i)));
            }
            futures.add(ledger.record(record("nul-model", "gpt-4o\u0000\u0007; drop", 100)));
            futures.add(ledger.record(record("huge", "gpt-4o", 100_000_000_000_000_000L)));
            futures.add(ledger.record(record("refused-1")));
            for (int i = 10; i < 20; i++) {
                futures.add(ledger.record(record("ok-" + i)));
            }
            blocker.commit();
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<String> stored = jdbc.queryForList("select request_id from spend_usage", String.class);
        assertThat(stored).hasSize(22).contains("first", "ok-0", "ok-19", "nul-model").doesNotContain("huge", "refused-1");
        assertThat(jdbc.queryForObject("select model_requested from spend_usage where request_id = 'nul-model'",
                String.class)).isEqualTo("gpt-4o; drop");
        assertThat(jdbc.queryForList("select record->>'request_id' || ': ' || reason from spend_usage_rejected "
                + "order by 1", String.class)).satisfiesExactly(
                        huge -> assertThat(huge).startsWith("huge: input_tokens 100000000000000000 is outside"),
                        refused -> assertThat(refused).startsWith("refused-1: ").contains("refused by a check"));
        assertThat(meters.get("aurelis.ledger.rejected").counter().count()).isEqualTo(2);
        // refused for its content, not for an outage: nothing waited out the retry window and spilled
        assertThat(dataDir.resolve("ledger-spill.jsonl")).doesNotExist();
    }

    @Test
    void recordsSpilledDuringAnOutageReachTheLedgerWhenTheDatabaseReturns() throws Exception {
        SwitchableDataSource database = new SwitchableDataSource(dataSource);
        UsageLedger ledger = ledger(database, Duration.ofMillis(300), new SimpleMeterRegistry());
        database.down = true;
        for (String id : List.of("down-1", "down-2", "refused-down", "down-3")) {
            ledger.record(record(id)).get(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllLines(dataDir.resolve("ledger-spill.jsonl"))).hasSize(4);

        database.down = false;
        ledger.record(record("back")).get(30, TimeUnit.SECONDS);

        awaitCondition(() -> !Files.exists(dataDir.resolve("ledger-spill.jsonl")));
        assertThat(jdbc.queryForList("select request_id from spend_usage order by request_id", String.class))
                .containsExactly("back", "down-1", "down-2", "down-3");
        assertThat(jdbc.queryForList("select record->>'request_id' from spend_usage_rejected", String.class))
                .containsExactly("refused-down");
    }

    @Test
    void aReplayCutShortByAnOutageResumesAfterARestartWithoutLosingOrRepeatingARecord() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(json.writeValueAsString(record("spilled-1")));
        lines.add("{\"id\": \"not a record");
        lines.add(json.writeValueAsString(record("refused-2")));
        lines.add(json.writeValueAsString(record("spilled-2", "gpt-4o", -5)));
        lines.add(json.writeValueAsString(record("outage-3")));
        lines.add(json.writeValueAsString(record("spilled-4")));
        Path spill = dataDir.resolve("ledger-spill.jsonl");
        Files.write(spill, lines);
        jdbc.execute("create table outage_now ()");

        UsageLedger first = ledger(dataSource, Duration.ofSeconds(5), new SimpleMeterRegistry());

        // the replay at start stopped at the record the unreachable database could not take, and remembered where
        assertThat(jdbc.queryForList("select request_id from spend_usage", String.class)).containsExactly("spilled-1");
        assertThat(spill).exists();
        assertThat(dataDir.resolve("ledger-spill.jsonl.offset")).exists();
        first.stop();

        jdbc.execute("drop table outage_now");
        ledger(dataSource, Duration.ofSeconds(5), new SimpleMeterRegistry());

        assertThat(jdbc.queryForList("select request_id from spend_usage order by request_id", String.class))
                .containsExactly("outage-3", "spilled-1", "spilled-4");
        assertThat(jdbc.queryForList("select record->>'request_id' || ': ' || reason from spend_usage_rejected "
                + "order by 1", String.class)).satisfiesExactly(
                        refused -> assertThat(refused).startsWith("refused-2: ").contains("refused by a check"),
                        negative -> assertThat(negative).startsWith("spilled-2: input_tokens -5 is outside"));
        // the unreadable line is quarantined once, with the reason: the second replay began after it
        List<String> quarantined = Files.readAllLines(dataDir.resolve("ledger-spill.quarantine.jsonl"));
        assertThat(quarantined).singleElement().satisfies(line -> {
            assertThat(json.readTree(line).get("line").asString()).isEqualTo("{\"id\": \"not a record");
            assertThat(json.readTree(line).get("reason").asString()).startsWith("unreadable");
        });
        assertThat(spill).doesNotExist();
        assertThat(dataDir.resolve("ledger-spill.jsonl.offset")).doesNotExist();
    }

    @Test
    void aLineTornByACrashDoesNotSwallowTheRecordSpilledAfterIt() throws Exception {
        Path spill = dataDir.resolve("ledger-spill.jsonl");
        String whole = json.writeValueAsString(record("before-crash"));
        Files.writeString(spill, whole + "\n" + whole.substring(0, 40));
        SwitchableDataSource database = new SwitchableDataSource(dataSource);
        database.down = true;
        UsageLedger ledger = ledger(database, Duration.ofMillis(300), new SimpleMeterRegistry());
        ledger.record(record("after-crash")).get(30, TimeUnit.SECONDS);

        database.down = false;
        ledger.replaySpill();

        assertThat(jdbc.queryForList("select request_id from spend_usage order by request_id", String.class))
                .containsExactly("after-crash", "before-crash");
        assertThat(Files.readAllLines(dataDir.resolve("ledger-spill.quarantine.jsonl"))).hasSize(1);
    }

    private void awaitWriterBlocked() {
        awaitCondition(() -> {
            Long waiting = jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                    + "and query like 'insert into spend_usage%'", Long.class);
            return waiting != null && waiting > 0;
        });
    }

    /** Polls for a condition (never for an amount of time), failing after a generous bound. */
    @Test
    void aReplayHeldUpByTheDatabaseNeverHoldsUpTheRecordsOfNewExchanges() throws Exception {
        UsageLedger ledger = ledger(dataSource, Duration.ofSeconds(5), new SimpleMeterRegistry());
        Path spill = dataDir.resolve("ledger-spill.jsonl");
        // a spilled record out of bounds: its replay stores it as a dead letter, which the lock below holds up
        Files.writeString(spill, json.writeValueAsString(record("spilled-negative", "gpt-4o", -5)) + "\n");
        // the threads are closed last, so that a failure lets go of the lock before their close waits for them
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
                Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("lock table spend_usage_rejected in exclusive mode");
            CompletableFuture<Void> replay = CompletableFuture.runAsync(ledger::replaySpill, threads);
            awaitCondition(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = "
                    + "'Lock' and query like 'insert into spend_usage_rejected%'", Long.class) > 0);

            // records committed alone and records gathered by the writer, while the replay waits mid-file
            List<CompletableFuture<Void>> recorded = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String requestId = "during-replay-" + i;
                recorded.add(CompletableFuture.supplyAsync(() -> ledger.record(record(requestId)), threads)
                        .thenCompose(durable -> durable));
            }
            CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(replay).isNotDone();

            blocker.commit();
            replay.get(20, TimeUnit.SECONDS);
        }
        assertThat(jdbc.queryForObject("select count(*) from spend_usage where request_id like 'during-replay-%'",
                Long.class)).isEqualTo(20);
        assertThat(jdbc.queryForObject("select count(*) from spend_usage_rejected", Long.class)).isEqualTo(1);
        assertThat(spill).doesNotExist();
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("the condition never held");
    }

    /** The real database, or, while {@code down}, the pool's own refusal of a connection to a database it cannot reach. */
    private static final class SwitchableDataSource implements DataSource {

        private final DataSource database;
        volatile boolean down;

        SwitchableDataSource(DataSource database) {
            this.database = database;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("aurelis - Connection is not available (database down)", "08001");
            }
            return database.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
