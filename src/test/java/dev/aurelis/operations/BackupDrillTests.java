package dev.aurelis.operations;

import dev.aurelis.testing.Migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.AurelisApplication;
import dev.aurelis.operations.backup.BackupFile;
import dev.aurelis.operations.backup.BackupRefused;
import dev.aurelis.privacy.StreamKeys;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restore drill (ADR 0044): a server records usage, users and audit entries; a backup is taken over the admin API
 * and verified; the database is dropped; a server started on a new, empty database with the backup restores it. The
 * ledger and users are identical, the audit chain verifies across the restore, and the old administrator key works.
 * A changed backup is refused by verify and by restore, and a restore never writes into a database that is not
 * empty or is at another schema version.
 */
class BackupDrillTests {

    private static final String ADMIN_KEY = "aur-backup-drill-admin-key-0123456789abcdef";
    private static final String TENANT = "drill";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PID = String.valueOf(ProcessHandle.current().pid());

    private static FakeUpstream fake;
    private static ConfigurableApplicationContext restored;

    @AfterAll
    static void stop() {
        if (restored != null) {
            restored.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void backUpDestroyRestoreAndTheLedgerAndAuditChainAreIntact() throws Exception {
        fake = FakeUpstream.start();
        Path config = Files.createTempFile("aurelis-drill", ".yaml");
        Files.writeString(config, """
                organization: { name: "Drill", id: "%1$s", tenant_id: "%1$s" }
                rbac:
                  user_groups:
                    platform: { roles: ["developer"] }
                providers:
                  - { name: fake, type: openai, base_url: "%2$s/v1", api_key: "sk-fake", models: ["house-model"] }
                pricing:
                  house-model: { input: 1, output: 2 }
                """.formatted(TENANT, fake.baseUrl()));
        String sourceDb = "aurelis_drill_source_" + PID;
        String sourceUrl = TestDatabase.createDatabase(sourceDb);
        Path sourceData = Files.createTempDirectory("aurelis-drill-source");

        ConfigurableApplicationContext source = start(sourceUrl, sourceData, config, null);
        String alice = issueKey(source, "alice@drill.example");
        String bob = issueKey(source, "bob@drill.example");
        for (String key : List.of(alice, alice, alice, bob, bob)) {
            HttpResponse<String> chat = chat(source, key);
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        }
        awaitRows(sourceUrl, "spend_usage", 5);
        // the trail records from the event publication registry, after the request has been answered: the backup is
        // meant to hold the two key issuances, so it is taken once they are on the chain
        awaitRows(sourceUrl, "audit_entry where action = 'key.issued'", 2);
        assertThat(json(admin(source, "GET", "/api/v1/audit/verify", null).body()).path("valid").asBoolean()).isTrue();
        // the database's clock, as the trail's recorded_at uses it: every entry recorded before it is in the backup
        // (the backup's own created_at is whole seconds, so it may come before entries of the same second)
        String beforeBackup = rows(sourceUrl, "select clock_timestamp()::text").getFirst();

        HttpResponse<String> created = admin(source, "POST", "/api/v1/backups", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode backup = json(created.body());
        String id = backup.path("id").asString();
        assertThat(backup.path("rows").asLong()).isPositive();
        Path file = sourceData.resolve("backups").resolve(backup.path("file").asString());
        assertThat(file).isRegularFile();
        JsonNode listed = json(admin(source, "GET", "/api/v1/backups", null).body());
        assertThat(listed.path("backups").findValuesAsString("id")).containsExactly(id);
        HttpResponse<String> verified = admin(source, "POST", "/api/v1/backups/" + id + "/verify", null);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(json(verified.body()).path("backup").path("rows").asLong()).isEqualTo(backup.path("rows").asLong());
        // the file is encrypted: neither a user's address nor the upstream's key name appears in it
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("alice@drill.example").doesNotContain("house-model");
        JsonNode usageBefore = json(admin(source, "GET", "/api/v1/usage?limit=0", null).body()).path("totals");

        source.close();
        List<String> ledger = rows(sourceUrl, "select t::text from spend_usage t order by t::text");
        List<String> users = rows(sourceUrl, "select t::text from identity_user t order by t::text");
        List<String> chainBeforeBackup = rows(sourceUrl, "select t::text from audit_entry t where recorded_at < '"
                + beforeBackup + "'::timestamptz order by seq");
        assertThat(ledger).hasSize(5);
        assertThat(chainBeforeBackup).isNotEmpty();
        drop(sourceUrl, sourceDb);

        // the disaster: the database is gone; a new one, and a data directory with the keyring and audit key kept
        String restoredUrl = TestDatabase.createDatabase("aurelis_drill_restored_" + PID);
        Path restoredData = Files.createTempDirectory("aurelis-drill-restored");
        for (String kept : List.of("keyring", "audit-signing-key")) {
            Files.copy(sourceData.resolve(kept), restoredData.resolve(kept));
        }
        restored = start(restoredUrl, restoredData, config, file);

        assertThat(rows(restoredUrl, "select t::text from spend_usage t order by t::text")).isEqualTo(ledger);
        assertThat(rows(restoredUrl, "select t::text from identity_user t order by t::text")).isEqualTo(users);
        assertThat(rows(restoredUrl, "select t::text from audit_entry t order by seq")).containsAll(chainBeforeBackup);
        JsonNode chain = json(admin(restored, "GET", "/api/v1/audit/verify", null).body());
        assertThat(chain.path("valid").asBoolean()).as(chain.toString()).isTrue();
        assertThat(chain.path("entries_checked").asLong()).isGreaterThanOrEqualTo(chainBeforeBackup.size());
        JsonNode usageAfter = json(admin(restored, "GET", "/api/v1/usage?limit=0", null).body()).path("totals");
        assertThat(usageAfter).isEqualTo(usageBefore);
        assertThat(chat(restored, alice).statusCode()).as("a key issued before the disaster still works").isEqualTo(200);

        tamperedBackupsAreRefused(file, restoredData);
        restoreWritesOnlyIntoAnEmptyDatabaseAtTheSameVersion(file);
    }

    private void tamperedBackupsAreRefused(Path file, Path restoredData) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Path backups = Files.createDirectories(restoredData.resolve("backups"));
        Path tampered = backups.resolve("aurelis-backup-20260101T000000Z-abcdef.aurbak");
        Files.write(tampered, bytes);

        HttpResponse<String> verify = admin(restored, "POST", "/api/v1/backups/20260101T000000Z-abcdef/verify", null);
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(422);
        assertThat(json(verify.body()).path("error").path("message").asString())
                .contains("changed after it was written");
        assertThat(admin(restored, "POST", "/api/v1/backups/..%2Fkeyring/verify", null).statusCode()).isIn(400, 404);
        assertThat(admin(restored, "POST", "/api/v1/backups/20260101T000000Z-000000/verify", null).statusCode())
                .isEqualTo(404);

        String url = TestDatabase.createDatabase("aurelis_drill_tampered_" + PID);
        migrate(url, null);
        assertThatThrownBy(() -> restore(tampered, url)).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("changed after it was written");
        assertThat(rows(url, "select tenant_id from tenancy_organization")).as("nothing written").isEmpty();
    }

    private void restoreWritesOnlyIntoAnEmptyDatabaseAtTheSameVersion(Path file) {
        String restoredUrl = restored.getEnvironment().getProperty("aurelis.db.url");
        assertThatThrownBy(() -> restore(file, restoredUrl)).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("the database is not empty");

        String older = TestDatabase.createDatabase("aurelis_drill_older_" + PID);
        migrate(older, "25");
        assertThatThrownBy(() -> restore(file, older)).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("but this database is at 25");
        assertThat(rows(older, "select tenant_id from tenancy_organization")).isEmpty();
    }

    private static void restore(Path file, String url) throws Exception {
        StreamKeys keys = restored.getBean(StreamKeys.class);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            BackupFile.restore(file, keys::open, connection);
        }
    }

    private static void migrate(String url, String target) {
        var flyway = Migrations.flyway().dataSource(url, "postgres", "");
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }

    private static ConfigurableApplicationContext start(String url, Path dataDir, Path config, Path restoreFrom) {
        return new SpringApplicationBuilder(AurelisApplication.class).run(
                "--server.port=0", "--aurelis.db.url=" + url, "--aurelis.db.user=postgres", "--aurelis.db.password=",
                "--aurelis.db.pool-size=4", "--aurelis.data-dir=" + dataDir, "--aurelis.config=" + config,
                "--aurelis.bootstrap-admin-key=" + ADMIN_KEY, "--aurelis.metrics.token=" + TestDatabase.METRICS_TOKEN,
                "--aurelis.backup.restore-from=" + (restoreFrom == null ? "" : restoreFrom));
    }

    private static void awaitRows(String url, String table, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (rows(url, "select 1 from " + table).size() < expected) {
            assertThat(System.nanoTime()).as("rows in " + table).isLessThan(deadline);
            Thread.sleep(50); // polling, bounded
        }
    }

    private static List<String> rows(String url, String sql) {
        try (SingleConnectionDataSource db = new SingleConnectionDataSource(url, "postgres", "", true)) {
            return JdbcClient.create(db).sql(sql).query(String.class).list();
        }
    }

    private static void drop(String url, String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(url.replace("/" + name, "/postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop database " + name + " with (force)");
        }
    }

    private static String issueKey(ConfigurableApplicationContext server, String user) {
        HttpResponse<String> response = admin(server, "POST", "/api/v1/keys",
                "{\"user\":\"" + user + "\",\"team\":\"platform\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).path("key").asString();
    }

    private static HttpResponse<String> chat(ConfigurableApplicationContext server, String key) {
        return send(HttpRequest.newBuilder(URI.create(url(server) + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"house-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
    }

    private static HttpResponse<String> admin(ConfigurableApplicationContext server, String method, String path,
            String body) {
        return send(HttpRequest.newBuilder(URI.create(url(server) + path))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static String url(ConfigurableApplicationContext server) {
        return "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
