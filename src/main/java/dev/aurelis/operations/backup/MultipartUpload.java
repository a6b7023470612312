package dev.aurelis.operations.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One backup uploaded in parts (S3's CreateMultipartUpload, UploadPart, CompleteMultipartUpload): each part is read
 * from the file on disk as it is sent, never held in memory whole, and carries its own SHA-256, so the store refuses a
 * part damaged on the way. Any failure aborts the upload (AbortMultipartUpload), so no parts are left behind to be
 * stored and billed.
 */
final class MultipartUpload {

    /** S3 allows at most this many parts in one upload. */
    static final int MAX_PARTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(MultipartUpload.class);

    private final S3Client s3;
    private final String bucket;
    private final String key;

    MultipartUpload(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    /** The part size for {@code size} bytes: {@code preferred}, grown when the file would need more than 10,000 parts. */
    static long partSize(long size, long preferred) {
        return Math.max(preferred, (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    /** Uploads {@code size} bytes of {@code file} in parts of {@code partSize}, its whole SHA-256 in the metadata. */
    void upload(Path file, long size, long partSize, Map<String, String> metadata) {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key).metadata(metadata)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += partSize) {
                parts.add(part(file, parts.size() + 1, offset, Math.min(partSize, size - offset), uploadId));
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (RuntimeException e) {
            abort(uploadId, e);
            throw e;
        }
    }

    private CompletedPart part(Path file, int number, long offset, long length, String uploadId) {
        String sha256 = Base64.getEncoder().encodeToString(digest(file, offset, length));
        UploadPartResponse response = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength(length).checksumSHA256(sha256),
                RequestBody.fromContentProvider(slice(file, offset, length), length, "application/octet-stream"));
        return CompletedPart.builder().partNumber(number).eTag(response.eTag()).checksumSHA256(sha256).build();
    }

    private void abort(String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // the upload failed already; a bucket lifecycle rule (AbortIncompleteMultipartUpload) clears what is left
            cause.addSuppressed(e);
            log.warn("Could not abort the multipart upload {} of {}: {}", uploadId, key, e.getMessage());
        }
    }

    /** Opens {@code length} bytes of {@code file} from {@code offset}, anew each time the SDK sends (or resends) it. */
    private static ContentStreamProvider slice(Path file, long offset, long length) {
        return () -> open(file, offset, length);
    }

    private static InputStream open(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new Bounded(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    private static byte[] digest(Path file, long offset, long length) {
        MessageDigest digest = BackupBucket.digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = open(file, offset, length)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        return digest.digest();
    }

    /** At most {@code remaining} bytes of the stream it wraps. */
    private static final class Bounded extends FilterInputStream {

        private long remaining;

        Bounded(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
