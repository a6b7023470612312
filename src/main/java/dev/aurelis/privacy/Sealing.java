package dev.aurelis.privacy;

import dev.aurelis.privacy.encryption.Aes;
import dev.aurelis.privacy.encryption.DataKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
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
    private static final Base64.Encoder TOKEN_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder TOKEN_DECODER = Base64.getUrlDecoder();

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

    /**
     * A token that carries {@code payload} and its signature for {@code purpose}, safe in a URL:
     * {@code base64url(payload) "." base64url(key id || mac)}. Links made by one module (chart embeds, approval links)
     * share this one format.
     */
    public String signedToken(String purpose, byte[] payload) {
        Signature signature = sign(purpose, payload);
        byte[] tag = ByteBuffer.allocate(16 + signature.mac().length).putLong(signature.keyId().getMostSignificantBits())
                .putLong(signature.keyId().getLeastSignificantBits()).put(signature.mac()).array();
        return TOKEN_ENCODER.encodeToString(payload) + "." + TOKEN_ENCODER.encodeToString(tag);
    }

    /** The payload of a token {@link #signedToken} made for {@code purpose}; empty when it is malformed or forged. */
    public Optional<byte[]> verifiedToken(String purpose, String token, int maxLength) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1 || token.length() > maxLength) {
            return Optional.empty();
        }
        try {
            byte[] payload = TOKEN_DECODER.decode(token.substring(0, dot));
            byte[] tag = TOKEN_DECODER.decode(token.substring(dot + 1));
            if (tag.length != 16 + 32) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.wrap(tag);
            UUID keyId = new UUID(b.getLong(), b.getLong());
            byte[] mac = new byte[32];
            b.get(mac);
            return verify(purpose, payload, new Signature(keyId, mac)) ? Optional.of(payload) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not base64url
        }
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
