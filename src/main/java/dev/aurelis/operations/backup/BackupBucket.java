package dev.aurelis.operations.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3-compatible bucket backups are copied to (ADR 0060), when {@code aurelis.backup.s3.bucket}
 * ({@code AURELIS_BACKUP_S3_BUCKET}) is set: every backup written is uploaded under {@code prefix} with its SHA-256 as
 * the object's checksum and in its metadata, so any copy read back is checked. Credentials follow the AWS
 * conventions ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles, web identity, instance roles);
 * {@code endpoint} points at another S3-compatible store (MinIO, Ceph, a cloud's S3 API), addressed by path. A backup
 * larger than {@link #PART_SIZE} goes up in parts streamed from disk ({@link MultipartUpload}), so neither S3's 5 GB
 * limit on one PUT nor the heap bounds the size of a backup.
 */
@Component
public class BackupBucket implements DisposableBean {

    /** The object metadata (x-amz-meta-sha256) holding the backup's SHA-256, hex. */
    static final String SHA256 = "sha256";
    /** Backups above this size are uploaded in parts of this size (S3 needs at least 5 MiB for all but the last). */
    static final long PART_SIZE = 64L * 1024 * 1024;

    private final String bucket;
    private final String prefix;
    private final URI endpoint;
    private final S3Client s3;
    private final long partSize;

    @Autowired
    BackupBucket(@Value("${aurelis.backup.s3.bucket:}") String bucket,
            @Value("${aurelis.backup.s3.endpoint:}") String endpoint,
            @Value("${aurelis.backup.s3.region:}") String region,
            @Value("${aurelis.backup.s3.prefix:aurelis/}") String prefix) {
        this(bucket, endpoint, region, prefix, PART_SIZE);
    }

    /** With another part size: tests upload in parts without writing gigabytes. */
    BackupBucket(String bucket, String endpoint, String region, String prefix, long partSize) {
        this.partSize = partSize;
        this.bucket = bucket == null || bucket.isBlank() ? null : bucket.strip();
        this.prefix = prefix == null ? "" : prefix.strip();
        this.endpoint = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip());
        this.s3 = this.bucket == null ? null : client(this.endpoint, region);
    }

    private static S3Client client(URI endpoint, String region) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .region(Region.of(region == null || region.isBlank() ? regionFromEnvironment() : region.strip()))
                // the checksum is computed here (SHA-256, sent as a header) rather than as a chunked trailer, which
                // not every S3-compatible store accepts
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false)
                        .pathStyleAccessEnabled(endpoint != null).build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static String regionFromEnvironment() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = System.getenv("AWS_DEFAULT_REGION");
        }
        return region == null || region.isBlank() ? "us-east-1" : region;
    }

    /** One backup object in the bucket. */
    public record StoredObject(String key, String fileName, long bytes, Instant lastModified) {
    }

    public boolean configured() {
        return s3 != null;
    }

    /** {@code s3://bucket/prefix} (and the endpoint when not AWS's), for listings and logs; never a credential. */
    public String describe() {
        return bucket == null ? null : "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
    }

    /**
     * Uploads {@code file} under its own name, in one PUT or, above the part size, in parts; answers its SHA-256
     * (hex), stored with the object.
     */
    public String upload(Path file) {
        String sha256 = sha256(file);
        try {
            long size = Files.size(file);
            if (size > partSize) {
                new MultipartUpload(s3, bucket, key(file.getFileName().toString()))
                        .upload(file, size, MultipartUpload.partSize(size, partSize), Map.of(SHA256, sha256));
                return sha256;
            }
            s3.putObject(request -> request.bucket(bucket).key(key(file.getFileName().toString()))
                            .checksumSHA256(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)))
                            .metadata(Map.of(SHA256, sha256)),
                    RequestBody.fromFile(file));
            return sha256;
        } catch (SdkException e) {
            throw new BackupRefused("Could not upload " + file.getFileName() + " to " + describe() + ": "
                    + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    /** Every backup object under the prefix. */
    public List<StoredObject> list() {
        List<StoredObject> objects = new ArrayList<>();
        try {
            String token = null;
            do {
                String continuation = token;
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket)
                        .prefix(prefix).continuationToken(continuation).build());
                for (S3Object object : page.contents()) {
                    String name = object.key().substring(prefix.length());
                    if (!name.contains("/")) {
                        objects.add(new StoredObject(object.key(), name, object.size(), object.lastModified()));
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw new BackupRefused("Could not list " + describe() + ": " + e.getMessage());
        }
        return objects;
    }

    /** The stored SHA-256 of the backup named {@code fileName}, if the bucket holds it. */
    public Optional<String> checksum(String fileName) {
        try {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(key(fileName)));
            return Optional.ofNullable(head.metadata().get(SHA256));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new BackupRefused("Could not read " + fileName + " in " + describe() + ": " + e.getMessage());
        } catch (SdkException e) {
            throw new BackupRefused("Could not read " + fileName + " in " + describe() + ": " + e.getMessage());
        }
    }

    /**
     * Downloads the backup named {@code fileName} to {@code target}, replacing it only once the whole object arrived
     * and its SHA-256 is the one stored with it; a copy that does not match is refused and not kept.
     */
    public void download(String fileName, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            String expected;
            String actual;
            try (var object = s3.getObject(request -> request.bucket(bucket).key(key(fileName)));
                    DigestInputStream in = new DigestInputStream(object, digest())) {
                expected = object.response().metadata().get(SHA256);
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                actual = HexFormat.of().formatHex(in.getMessageDigest().digest());
            }
            if (expected == null || !expected.equalsIgnoreCase(actual)) {
                throw new BackupRefused("The copy of " + fileName + " in " + describe() + " does not match its SHA-256 ("
                        + (expected == null ? "none stored" : "stored " + expected) + ", read " + actual + ")");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (SdkException e) {
            throw new BackupRefused("Could not download " + fileName + " from " + describe() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover partial file is overwritten by the next download
            }
        }
    }

    public void delete(String fileName) {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key(fileName)));
        } catch (SdkException e) {
            throw new BackupRefused("Could not delete " + fileName + " from " + describe() + ": " + e.getMessage());
        }
    }

    private String key(String fileName) {
        return prefix + fileName;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        if (s3 != null) {
            s3.close();
        }
    }
}
