package dev.aurelis.operations.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.testing.FakeS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups copied to an S3-compatible bucket through the AWS SDK, against a store on loopback that speaks the S3 API
 * Reference's PutObject, GetObject, HeadObject, DeleteObject and ListObjectsV2 and the multipart upload's calls:
 * uploads carry their SHA-256, a backup larger than the part size goes up in parts and arrives whole, a failure in
 * the middle aborts the upload, lists page through the bucket, downloads are checked against the stored SHA-256 and a
 * damaged copy is refused.
 */
class BackupBucketTests {

    /** The AWS documentation's example access key: credentials come the AWS way (here, its system properties). */
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";

    private final FakeS3 s3 = new FakeS3("aurelis-backups", 2);
    private final BackupBucket bucket = new BackupBucket("aurelis-backups", s3.endpoint(), "eu-central-1", "prod/");

    @TempDir
    Path directory;

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    @AfterEach
    void stop() {
        bucket.destroy();
        s3.close();
    }

    @Test
    void uploadsEachBackupWithItsChecksumAndListsDownloadsAndDeletesIt() throws IOException {
        Path file = backup("aurelis-backup-20261203T120000Z-0a1b2c.aurbak", 70_000);

        String sha256 = bucket.upload(file);

        FakeS3.StoredObject stored = s3.objects().get("prod/aurelis-backup-20261203T120000Z-0a1b2c.aurbak");
        assertThat(stored.body()).isEqualTo(Files.readAllBytes(file));
        assertThat(stored.metadata()).containsEntry("sha256", sha256);
        assertThat(sha256).isEqualTo(BackupBucket.sha256(file));
        assertThat(s3.requests()).allMatch(request -> request.endsWith(" by " + ACCESS_KEY));
        assertThat(bucket.list()).singleElement().satisfies(object -> {
            assertThat(object.fileName()).isEqualTo("aurelis-backup-20261203T120000Z-0a1b2c.aurbak");
            assertThat(object.bytes()).isEqualTo(70_000);
        });
        assertThat(bucket.checksum(file.getFileName().toString())).contains(sha256);

        Path restored = directory.resolve("restored").resolve(file.getFileName());
        bucket.download(file.getFileName().toString(), restored);
        assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(file));

        bucket.delete(file.getFileName().toString());
        assertThat(bucket.list()).isEmpty();
        assertThat(bucket.checksum(file.getFileName().toString())).isEmpty();
    }

    @Test
    void aBackupLargerThanThePartSizeGoesUpInPartsAndArrivesWholeWithItsChecksum() throws IOException {
        BackupBucket parted = new BackupBucket("aurelis-backups", s3.endpoint(), "eu-central-1", "prod/",
                FakeS3.MIN_PART_SIZE);
        try {
            // two full parts and a short last one: S3 refuses parts under 5 MiB but for the last
            Path file = backup("aurelis-backup-20261203T120000Z-0a1b2c.aurbak", 2 * FakeS3.MIN_PART_SIZE + 123_457);

            String sha256 = parted.upload(file);

            assertThat(s3.requests()).filteredOn(r -> r.startsWith("PUT ") && r.contains("partNumber="))
                    .as("three parts, each sent once").hasSize(3);
            assertThat(s3.requests()).filteredOn(r -> r.startsWith("PUT ") && !r.contains("partNumber="))
                    .as("no single PUT of the whole").isEmpty();
            FakeS3.StoredObject stored = s3.objects().get("prod/aurelis-backup-20261203T120000Z-0a1b2c.aurbak");
            assertThat(stored.body()).isEqualTo(Files.readAllBytes(file));
            assertThat(stored.metadata()).containsEntry("sha256", sha256);
            assertThat(sha256).isEqualTo(BackupBucket.sha256(file));
            assertThat(s3.uploadsInProgress()).isEmpty();

            Path restored = directory.resolve("restored").resolve(file.getFileName());
            parted.download(file.getFileName().toString(), restored);
            assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(file));
        } finally {
            parted.destroy();
        }
    }

    @Test
    void aFailureInTheMiddleOfAMultipartUploadAbortsItLeavingNoPartsAndNoObject() throws IOException {
        BackupBucket parted = new BackupBucket("aurelis-backups", s3.endpoint(), "eu-central-1", "prod/",
                FakeS3.MIN_PART_SIZE);
        s3.failPart(2);
        try {
            Path file = backup("aurelis-backup-20261203T120000Z-0a1b2c.aurbak", 2 * FakeS3.MIN_PART_SIZE + 10);

            assertThatThrownBy(() -> parted.upload(file)).isInstanceOf(BackupRefused.class)
                    .hasMessageContaining("s3://aurelis-backups/prod/").hasMessageContaining("internal error");

            assertThat(s3.requests()).anyMatch(r -> r.startsWith("POST ") && r.contains("?uploads"))
                    .anyMatch(r -> r.startsWith("PUT ") && r.matches(".*[?&]partNumber=1[& ].*"))
                    .anyMatch(r -> r.startsWith("DELETE ") && r.contains("uploadId="))
                    .noneMatch(r -> r.startsWith("PUT ") && r.matches(".*[?&]partNumber=3[& ].*"));
            assertThat(s3.uploadsInProgress()).as("aborted: no parts left behind").isEmpty();
            assertThat(s3.objects()).isEmpty();
        } finally {
            parted.destroy();
        }
    }

    @Test
    void thePartSizeGrowsSoThatNoBackupNeedsMoreThanTenThousandParts() {
        long preferred = BackupBucket.PART_SIZE;
        assertThat(MultipartUpload.partSize(3 * preferred, preferred)).isEqualTo(preferred);
        long huge = 5L * 1024 * 1024 * 1024 * 1024;
        long part = MultipartUpload.partSize(huge, preferred);
        assertThat((huge + part - 1) / part).isLessThanOrEqualTo(MultipartUpload.MAX_PARTS);
        assertThat(part).isGreaterThan(preferred);
    }

    @Test
    void listsEveryBackupAcrossPagesAndOnlyThoseUnderItsPrefix() throws IOException {
        for (int i = 1; i <= 5; i++) {
            bucket.upload(backup("aurelis-backup-2026120" + i + "T000000Z-00000" + i + ".aurbak", 100 + i));
        }
        s3.objects().put("other/aurelis-backup-20261201T000000Z-000009.aurbak",
                new FakeS3.StoredObject(new byte[1], java.util.Map.of(), java.time.Instant.now()));

        assertThat(bucket.list()).extracting(BackupBucket.StoredObject::fileName).containsExactly(
                "aurelis-backup-20261201T000000Z-000001.aurbak", "aurelis-backup-20261202T000000Z-000002.aurbak",
                "aurelis-backup-20261203T000000Z-000003.aurbak", "aurelis-backup-20261204T000000Z-000004.aurbak",
                "aurelis-backup-20261205T000000Z-000005.aurbak");
        assertThat(s3.requests()).filteredOn(r -> r.startsWith("GET /aurelis-backups?")).hasSize(3);
    }

    @Test
    void aCopyDamagedInTheBucketIsRefusedAndNotKept() throws IOException {
        Path file = backup("aurelis-backup-20261203T120000Z-0a1b2c.aurbak", 4_096);
        bucket.upload(file);
        s3.corrupt("prod/" + file.getFileName());

        Path target = directory.resolve("fetched").resolve(file.getFileName());
        assertThatThrownBy(() -> bucket.download(file.getFileName().toString(), target))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("does not match its SHA-256");
        assertThat(target).doesNotExist();
        assertThat(target.resolveSibling(file.getFileName() + ".part")).doesNotExist();
    }

    @Test
    void aStoreThatRefusesTheUploadIsReportedWithItsReason() throws IOException {
        Path file = backup("aurelis-backup-20261203T120000Z-0a1b2c.aurbak", 10);
        BackupBucket missing = new BackupBucket("no-such-bucket", s3.endpoint(), "eu-central-1", "prod/");
        try {
            assertThatThrownBy(() -> missing.upload(file)).isInstanceOf(BackupRefused.class)
                    .hasMessageContaining("s3://no-such-bucket/prod/").hasMessageContaining("bucket does not exist");
        } finally {
            missing.destroy();
        }
    }

    private Path backup(String name, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(content);
        Path file = directory.resolve(name);
        Files.write(file, content);
        return file;
    }
}
