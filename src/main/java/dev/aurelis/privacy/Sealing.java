package dev.aurelis.privacy;

import dev.aurelis.privacy.encryption.Aes;
import dev.aurelis.privacy.encryption.DataKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
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

    /** The data key a sealed value was sealed with. */
    public static UUID keyOf(byte[] sealed) {
        ByteBuffer header = ByteBuffer.wrap(sealed, 1, 16);
        return new UUID(header.getLong(), header.getLong());
    }

    private static byte[] aad(String context) {
        return ("aurelis-sealed/1\n" + context).getBytes(StandardCharsets.UTF_8);
    }
}
