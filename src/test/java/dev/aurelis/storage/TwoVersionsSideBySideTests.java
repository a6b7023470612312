package dev.aurelis.storage;

import dev.aurelis.testing.Migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageLedger;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two releases side by side on one schema, at run time (ADR 0074; docs/operations.md, "Upgrades"). A database is
 * migrated with the migrations of the previous release only (Flyway's target; {@code db/migrations.lock} keeps those
 * files as they landed), and the previous release's own statements ({@code db/previous-release/statements.sql})
 * keep writing and reading through it without pause while the current release starts on the same database, migrates
 * it to the newest version and serves. Both must keep working throughout: no statement of the previous release fails
 * at either version, the current release knows the keys and ledger rows the previous one writes, the previous one
 * reads back what the current one writes, and the tenant's audit chain, appended to by both under its lock, verifies
 * whole. A second test applies a contract step too early and shows the harness reports it.
 */
class TwoVersionsSideBySideTests {

    private static final String TENANT = "side-by-side";
    private static final String ADMIN_KEY = "aur-side-by-side-admin-key-0123456789abcdef";
    private static final String PID = String.valueOf(ProcessHandle.current().pid());
    private static final Path LOCK = Path.of("src/test/resources/db/migrations.lock");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void thePreviousReleaseKeepsWritingAndReadingWhileTheCurrentOneMigratesTheSchemaAndServes() throws Exception {
        PreviousRelease.Fixture fixture = PreviousRelease.Fixture.load();
        int newest = newestLocked();
        assertThat(fixture.version()).as("the previous release's statements were captured before the newest "
                + "migration; otherwise nothing here would be upgraded").isLessThan(newest);
        String url = TestDatabase.createDatabase("aurelis_side_by_side_" + PID);
        migrate(url, fixture.version(), "classpath:db/migration");
        assertThat(schemaVersion(url)).isEqualTo(fixture.version());

        try (PreviousRelease previous = new PreviousRelease(url, fixture, TENANT);
                Traffic traffic = new Traffic(previous, url)) {
            previous.declare(TENANT, "Side by side");
            traffic.start();
            traffic.awaitMore(3);
            Path config = Files.createTempFile("aurelis-side-by-side", ".yaml");
            Files.writeString(config, "organization: { name: \"Side by side\", id: \"" + TENANT + "\", tenant_id: \""
                    + TENANT + "\" }\n");

            try (ConfigurableApplicationContext current = start(url, config)) {
                assertThat(schemaVersion(url)).as("the current release migrated to the newest version").isEqualTo(newest);
                traffic.awaitMore(3);

                // the current release writes: its bootstrap key and its audit entry (at start), a ledger row
                String currentRequest = "current-release-" + UUID.randomUUID();
                current.getBean(UsageLedger.class).record(usage(currentRequest)).get(30, TimeUnit.SECONDS);

                // the current release reads what the previous one wrote
                PreviousRelease.Written written = traffic.last();
                await().atMost(Duration.ofSeconds(30)).until(() -> current.getBean(ApiKeys.class).isKnown(written.key()));
                HttpResponse<String> usage = get(current, written.key(), "/api/v1/usage?request_id="
                        + written.requestId());
                assertThat(usage.statusCode()).as("the previous release's key works on the current one: "
                        + usage.body()).isEqualTo(200);
                assertThat(JSON.readTree(usage.body()).path("records").findValuesAsString("request_id"))
                        .containsExactly(written.requestId());

                // the previous release reads what the current one wrote
                PreviousRelease.Seen seen = previous.read(List.of(currentRequest, written.requestId()));
                assertThat(seen.keyPrefixes()).contains(ADMIN_KEY.substring(0, 12));
                assertThat(seen.costedRequests()).containsExactlyInAnyOrder(currentRequest, written.requestId());
                await().atMost(Duration.ofSeconds(30)).until(() -> previous.read(List.of()).auditActions().stream()
                        .filter("key.issued"::equals).count() > traffic.written().size());

                traffic.stop();
                assertThat(traffic.failures()).as("the previous release's statements never failed").isEmpty();
                assertThat(traffic.versionsSeen()).as("it ran before and after the upgrade")
                        .contains(fixture.version(), newest);

                // both appended to the tenant's chain under its lock: one chain, whole
                JsonNode verified = JSON.readTree(get(current, ADMIN_KEY, "/api/v1/audit/verify").body());
                assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
                assertThat(verified.path("entries_checked").asLong()).isGreaterThan(traffic.written().size());
            }
        }
    }

    @Test
    void aContractStepTheDatabaseTakesTooEarlyIsCaughtByThePreviousReleasesStatements() throws Exception {
        PreviousRelease.Fixture fixture = PreviousRelease.Fixture.load();
        String url = TestDatabase.createDatabase("aurelis_side_by_side_contract_" + PID);
        migrate(url, fixture.version(), "classpath:db/migration");
        try (PreviousRelease previous = new PreviousRelease(url, fixture, TENANT)) {
            previous.declare(TENANT, "Side by side");
            previous.iteration(1);

            migrate(url, null, "classpath:db/migration", "classpath:db/side-by-side-contract");

            assertThat(schemaVersion(url)).isEqualTo(9000);
            assertThatThrownBy(() -> previous.iteration(2)).rootCause()
                    .hasMessageContaining("column \"team\" of relation \"spend_usage\" does not exist");
        }
    }

    /**
     * The previous release at work: iterations back to back on a thread of their own, each noting the schema
     * version it began at, until stopped; a failure is kept and the traffic goes on.
     */
    private static final class Traffic implements AutoCloseable {

        private final PreviousRelease previous;
        private final String url;
        private final List<PreviousRelease.Written> written = new CopyOnWriteArrayList<>();
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private final List<Integer> versions = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        Traffic(PreviousRelease previous, String url) {
            this.previous = previous;
            this.url = url;
        }

        void start() {
            thread = Thread.ofPlatform().name("previous-release").start(() -> {
                for (int n = 1; running.get(); n++) {
                    try {
                        versions.add(schemaVersion(url));
                        written.add(previous.iteration(n));
                    } catch (RuntimeException | SQLException e) {
                        failures.add(e);
                    }
                }
            });
        }

        /** Waits until {@code more} further iterations succeeded. */
        void awaitMore(int more) {
            int target = written.size() + more;
            await().atMost(Duration.ofSeconds(60)).until(() -> written.size() >= target || !failures.isEmpty());
            assertThat(failures).as("the previous release's statements never failed").isEmpty();
        }

        PreviousRelease.Written last() {
            return written.getLast();
        }

        List<PreviousRelease.Written> written() {
            return written;
        }

        List<Throwable> failures() {
            return failures;
        }

        List<Integer> versionsSeen() {
            return versions.stream().distinct().toList();
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(Duration.ofSeconds(30));
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    private static void migrate(String url, Integer target, String... locations) {
        ensureApplicationRole(url);
        var configuration = Migrations.flyway().dataSource(url, "postgres", "").locations(locations);
        if (target != null) {
            configuration.target(String.valueOf(target));
        }
        configuration.load().migrate();
    }

    /** As the application does before it migrates: the role its connections take, which the migrations grant to. */
    private static void ensureApplicationRole(String url) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    do $$ begin
                      if not exists (select from pg_roles where rolname = 'aurelis_app') then
                        create role aurelis_app nologin nosuperuser nocreatedb nocreaterole nobypassrls;
                      end if;
                    exception when duplicate_object then null;
                    end $$""");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int schemaVersion(String url) throws SQLException {
        try (SingleConnectionDataSource db = new SingleConnectionDataSource(url, "postgres", "", true)) {
            return Integer.parseInt(JdbcClient.create(db).sql("""
                    select version from flyway_schema_history where success and version is not null
                    order by installed_rank desc limit 1""").query(String.class).single());
        }
    }

    private static int newestLocked() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(LOCK).stream().filter(l -> !l.isBlank()
                && !l.startsWith("#")).toList());
        return Integer.parseInt(lines.getLast().split("\\s+")[0]);
    }

    private static UsageRecord usage(String requestId) {
        return new UsageRecord(UUID.randomUUID(), TENANT, Instant.now(), requestId, UUID.randomUUID(),
                "current-release@example.com", UUID.randomUUID(), "platform", "engineering", "CC-1", null, "gpt-4o",
                "gpt-4o", "gpt-4o-2024-08-06", "openai", "/v1/chat/completions", "curl", false,
                new TokenUsage(100, 0, 0, 20, 0), new BigDecimal("0.00045"), "USD", true, 200, null, 12, null,
                "code_generation", "gpt-4o (requested)", 1, false);
    }

    private static ConfigurableApplicationContext start(String url, Path config) throws IOException {
        Path dataDir = Files.createTempDirectory("aurelis-side-by-side");
        return new SpringApplicationBuilder(AurelisApplication.class).run(
                "--server.port=0", "--aurelis.db.url=" + url, "--aurelis.db.user=postgres", "--aurelis.db.password=",
                "--aurelis.db.pool-size=4", "--aurelis.data-dir=" + dataDir, "--aurelis.config=" + config,
                "--aurelis.bootstrap-admin-key=" + ADMIN_KEY, "--aurelis.metrics.token=" + TestDatabase.METRICS_TOKEN);
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext server, String key, String path)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.getEnvironment().getProperty("local.server.port") + path))
                .header("authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}
