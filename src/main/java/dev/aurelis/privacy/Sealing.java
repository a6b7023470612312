package dev.aurelis.privacy;

import dev.aurelis.privacy.encryption.Aes;
import dev.aurelis.privacy.encryption.DataKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Envelope encryption of secrets stored in the database (ARCHITECTURE §5): AES-256-GCM under a data key that a
 * key-encryption key of the configured key manager wraps. A sealed value is {@code 0x01 || data key id (16 bytes) ||
 * nonce || ciphertext || tag}; the {@code context} (e.g. the table, tenant and row it belongs to) is authenticated, so
 * a sealed value copied to another row does not open. Modules that keep secrets call it on write and read.
 */
@Component
public class Sealing {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 16;

    private final DataKeys keys;

    Sealing(DataKeys keys) {
        this.keys = keys;
    }

    public byte[] seal(byte[] plaintext, String context) {
        UUID id = keys.active();
        byte[] body = Aes.encrypt(keys.key(id), plaintext, aad(context));
        return ByteBuffer.allocate(HEADER + body.length).put(VERSION).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).put(body).array();
    }

    public byte[] open(byte[] sealed, String context) {
        if (sealed.length <= HEADER || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed value");
        }
        ByteBuffer header = ByteBuffer.wrap(sealed, 1, 16);
        UUID id = new UUID(header.getLong(), header.getLong());
        return Aes.decrypt(keys.key(id), Arrays.copyOfRange(sealed, HEADER, sealed.length), aad(context));
    }

    /** An HMAC-SHA-256 tag and the data key it was made with. */
    public record Signature(UUID keyId, byte[] mac) {
    }

    /**
     * Signs {@code data} for {@code purpose} (e.g. {@code analytics-embed}) under a key derived from the active data
     * key: a tag made for one purpose does not verify for another, and no data key is ever used directly.
     */
    public Signature sign(String purpose, byte[] data) {
        UUID id = keys.active();
        return new Signature(id, mac(id, purpose, data));
    }

    /** Whether {@code signature} is {@code data}'s for {@code purpose}; false for a data key that is not stored. */
    public boolean verify(String purpose, byte[] data, Signature signature) {
        byte[] expected;
        try {
            expected = mac(signature.keyId(), purpose, data);
        } catch (IllegalStateException e) {
            return false; // no such data key
        }
        return MessageDigest.isEqual(expected, signature.mac());
    }

    private byte[] mac(UUID keyId, String purpose, byte[] data) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(keys.key(keyId).getEncoded(), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(("aurelis-signing/1\n" + purpose).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            Arrays.fill(purposeKey, (byte) 0);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is part of every Java runtime", e);
        }
    }

    /** The data key a sealed value was sealed with. */
    public static UUID keyOf(byte[] sealed) {
        ByteBuffer header = ByteBuffer.wrap(sealed, 1, 16);
        return new UUID(header.getLong(), header.getLong());
    }

    private static byte[] aad(String context) {
        return ("aurelis-sealed/1\n" + context).getBytes(StandardCharsets.UTF_8);
    }
}
