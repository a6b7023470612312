package dev.aurelis.operations.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import tools.jackson.databind.json.JsonMapper;

/**
 * The clear part of a backup file: what {@code list} shows without the key, and the wrapped data key. Stored as
 * {@code AURELIS-BACKUP/1\n}, a length and this record as JSON; every encrypted chunk authenticates its digest, so a
 * changed header (another schema version, say) makes the body fail to open.
 *
 * @param trigger    {@code scheduled} or {@code manual}
 * @param wrappedKey the backup's data key, wrapped by a key-encryption key of the key manager (privacy.StreamKeys)
 */
public record BackupHeader(String id, String createdAt, String schemaVersion, String trigger, byte[] wrappedKey) {

    static final byte[] MAGIC = "AURELIS-BACKUP/1\n".getBytes(StandardCharsets.US_ASCII);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_HEADER = 64 * 1024;

    byte[] encoded() {
        return JSON.writeValueAsBytes(this);
    }

    void writeTo(DataOutputStream out) throws IOException {
        byte[] encoded = encoded();
        out.write(MAGIC);
        out.writeInt(encoded.length);
        out.write(encoded);
    }

    static BackupHeader readFrom(DataInputStream in, String file) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new BackupRefused(file + " is not an Aurelis backup (it does not start with AURELIS-BACKUP/1)");
        }
        int length = in.readInt();
        if (length <= 0 || length > MAX_HEADER) {
            throw new BackupRefused(file + " has a damaged header");
        }
        byte[] encoded = new byte[length];
        in.readFully(encoded);
        try {
            return JSON.readValue(encoded, BackupHeader.class);
        } catch (RuntimeException e) {
            throw new BackupRefused(file + " has a damaged header", e);
        }
    }

    /** The SHA-256 of the encoded header, part of every chunk's authenticated data. */
    byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
