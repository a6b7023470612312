package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.aurelis.testing.Migrations;
import dev.aurelis.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V49 drops the ledger's duplicate index during an upgrade, while the release before still writes usage records and
 * a long report may be reading the ledger (ADR 0093): the drop's exclusive lock must never hold those writes up until
 * the report ends.
 */
class LedgerIndexMigrationTests {

    private static final String INSERT = "insert into spend_usage (tenant_id, id, created_at, request_id, endpoint, "
            + "priced, status, latency_ms) values ('tenant-a', gen_random_uuid(), now(), ?, '/v1/chat/completions', "
            + "true, 200, 5)";

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestDatabase.createDatabase("aurelis_v49_" + UUID.randomUUID().toString().replace("-", "")));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(4);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("do $$ begin create role aurelis_app nologin; exception when duplicate_object then null; end $$");
        Migrations.flyway().dataSource(dataSource).target(MigrationVersion.fromVersion("48")).load().migrate();
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void usageRecordsAreWrittenWhileTheDropWaitsForALongReportAndTheIndexGoesOnceTheReportEnds() throws Exception {
        jdbc.update(INSERT, "before");
        try (Connection report = dataSource.getConnection(); Statement reading = report.createStatement()) {
            report.setAutoCommit(false);
            reading.execute("lock table spend_usage in access share mode"); // a report's read, still going

            CompletableFuture<Void> upgrade = CompletableFuture.runAsync(
                    () -> Migrations.flyway().dataSource(dataSource).load().migrate());
            awaitDropWaiting();

            // without the drop's short attempts this insert would queue behind it until the report ends
            try (Connection writer = dataSource.getConnection(); Statement bounded = writer.createStatement()) {
                bounded.execute("set statement_timeout = '20s'");
                new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(writer, true))
                        .update(INSERT, "during");
            }
            assertThat(upgrade).isNotDone();

            report.commit();
            upgrade.get(60, TimeUnit.SECONDS);
        }

        assertThat(jdbc.queryForList("select request_id from spend_usage order by request_id", String.class))
                .containsExactly("before", "during");
        assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename = 'spend_usage'", String.class))
                .doesNotContain("spend_usage_tenant_time").contains("spend_usage_pkey", "spend_usage_feed");
        assertThat(jdbc.queryForObject("select max(version::int) from flyway_schema_history where success",
                Integer.class)).isGreaterThanOrEqualTo(49);
    }

    /** Waits for a condition (the drop's lock request seen queued behind the report), not for an amount of time. */
    private void awaitDropWaiting() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<String> waiting = jdbc.queryForList("select query from pg_stat_activity where wait_event_type = 'Lock'",
                    String.class);
            if (waiting.stream().anyMatch(query -> query.contains("drop index"))) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the migration never asked for the drop's lock");
    }
}
