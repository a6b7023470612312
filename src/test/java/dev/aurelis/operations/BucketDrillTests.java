package dev.aurelis.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeS3;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restore drill with the backup directory lost too (ADR 0060): a server with {@code AURELIS_BACKUP_S3_BUCKET}
 * uploads each backup to an S3-compatible bucket (a store on loopback speaking the S3 API); with the directory
 * emptied, the backup is still listed and verified from the bucket, retention removes expired objects from the
 * bucket, and a server on a new, empty database restores the backup by its id, fetched from the bucket.
 */
class BucketDrillTests {

    private static final String ADMIN_KEY = "aur-bucket-drill-admin-key-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PID = String.valueOf(ProcessHandle.current().pid());
    private static final FakeS3 S3 = new FakeS3("drill-backups", 1000);

    @AfterAll
    static void stop() {
        S3.close();
    }

    @Test
    void backupsReachTheBucketAndAreListedVerifiedPrunedAndRestoredFromIt() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        Path config = Files.createTempFile("aurelis-bucket-drill", ".yaml");
        Files.writeString(config, "organization: { name: \"Bucket drill\", id: \"bucket-drill\" }\n");
        String sourceUrl = TestDatabase.createDatabase("aurelis_bucket_source_" + PID);
        Path sourceData = Files.createTempDirectory("aurelis-bucket-source");
        List<String> organizations;
        String id;
        try (ConfigurableApplicationContext source = start(sourceUrl, sourceData, config, "")) {
            HttpResponse<String> created = admin(source, "POST", "/api/v1/backups");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = json(created.body()).path("id").asString();
            String name = json(created.body()).path("file").asString();
            FakeS3.StoredObject uploaded = S3.objects().get("drill/" + name);
            assertThat(uploaded).as("uploaded under the prefix").isNotNull();
            assertThat(uploaded.body()).isEqualTo(Files.readAllBytes(sourceData.resolve("backups").resolve(name)));
            assertThat(uploaded.metadata()).containsKey("sha256");

            // the directory is lost: the bucket still holds the backup
            Files.delete(sourceData.resolve("backups").resolve(name));
            JsonNode listed = json(admin(source, "GET", "/api/v1/backups").body());
            assertThat(listed.path("bucket").asString()).startsWith("s3://drill-backups/drill/");
            assertThat(listed.path("backups").findValuesAsString("id")).containsExactly(id);
            HttpResponse<String> verified = admin(source, "POST", "/api/v1/backups/" + id + "/verify");
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
            assertThat(json(verified.body()).path("backup").path("rows").asLong()).isPositive();

            // an object older than the retention goes; the newest backup stays
            String expired = "drill/aurelis-backup-20200101T000000Z-000001.aurbak";
            S3.objects().put(expired, new FakeS3.StoredObject(new byte[] {1}, Map.of("sha256", "00"), Instant.now()));
            assertThat(source.getBean(Backups.class).prune()).isEqualTo(1);
            assertThat(S3.objects()).doesNotContainKey(expired).containsKey("drill/" + name);
            organizations = rows(sourceUrl, "select t::text from tenancy_organization t order by t::text");
        }

        String restoredUrl = TestDatabase.createDatabase("aurelis_bucket_restored_" + PID);
        Path restoredData = Files.createTempDirectory("aurelis-bucket-restored");
        Files.copy(sourceData.resolve("keyring"), restoredData.resolve("keyring"));
        Files.copy(sourceData.resolve("audit-signing-key"), restoredData.resolve("audit-signing-key"));
        try (ConfigurableApplicationContext restored = start(restoredUrl, restoredData, config, id)) {
            assertThat(rows(restoredUrl, "select t::text from tenancy_organization t order by t::text"))
                    .isEqualTo(organizations);
            assertThat(admin(restored, "GET", "/api/v1/backups").statusCode()).as("the old administrator key works")
                    .isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(String url, Path dataDir, Path config, String restoreFrom) {
        return new SpringApplicationBuilder(AurelisApplication.class).run(
                "--server.port=0", "--aurelis.db.url=" + url, "--aurelis.db.user=postgres", "--aurelis.db.password=",
                "--aurelis.db.pool-size=4", "--aurelis.data-dir=" + dataDir, "--aurelis.config=" + config,
                "--aurelis.bootstrap-admin-key=" + ADMIN_KEY, "--aurelis.metrics.token=" + TestDatabase.METRICS_TOKEN,
                "--aurelis.backup.s3.bucket=drill-backups", "--aurelis.backup.s3.endpoint=" + S3.endpoint(),
                "--aurelis.backup.s3.region=eu-central-1", "--aurelis.backup.s3.prefix=drill/",
                "--aurelis.backup.restore-from=" + restoreFrom);
    }

    private static List<String> rows(String url, String sql) {
        try (SingleConnectionDataSource db = new SingleConnectionDataSource(url, "postgres", "", true)) {
            return JdbcClient.create(db).sql(sql).query(String.class).list();
        }
    }

    private static HttpResponse<String> admin(ConfigurableApplicationContext server, String method, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + server.getEnvironment().getProperty("local.server.port") + path))
                    .header("authorization", "Bearer " + ADMIN_KEY)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
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
