package dev.aurelis.privacy;

import dev.aurelis.privacy.encryption.Aes;
import dev.aurelis.privacy.encryption.KeyManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.springframework.stereotype.Component;

/**
 * Data keys for data too large to seal in one piece, such as backups (ADR 0044): a fresh AES-256 data key per
 * stream, wrapped by the key manager's current key-encryption key. The wrapped key travels with the stream and opens
 * with the key manager alone, without the database: a backup must open on a database that holds no data key yet.
 * The caller encrypts with the key and forgets it; nothing here stores or logs key material.
 */
@Component
public class StreamKeys {

    private final KeyManager manager;

    StreamKeys(KeyManager manager) {
        this.manager = manager;
    }

    /** A new data key and its wrapped form ({@code kek id length || kek id || wrapped key}). */
    public record StreamKey(SecretKey key, byte[] wrapped) {
        @Override
        public String toString() {
            return "StreamKey[wrapped]";
        }
    }

    public StreamKey create() {
        byte[] key = Aes.newKey();
        try {
            KeyManager.WrappedKey wrapped = manager.wrap(key);
            byte[] kek = wrapped.kekId().getBytes(StandardCharsets.UTF_8);
            byte[] encoded = ByteBuffer.allocate(2 + kek.length + wrapped.blob().length).putShort((short) kek.length)
                    .put(kek).put(wrapped.blob()).array();
            return new StreamKey(Aes.key(key.clone()), encoded);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The data key {@code wrapped} holds; fails when no key-encryption key of this deployment wrapped it. */
    public SecretKey open(byte[] wrapped) {
        ByteBuffer buffer = ByteBuffer.wrap(wrapped);
        int length = buffer.getShort() & 0xffff;
        if (length == 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("not a wrapped data key");
        }
        byte[] kek = new byte[length];
        buffer.get(kek);
        byte[] blob = new byte[buffer.remaining()];
        buffer.get(blob);
        byte[] key = manager.unwrap(new KeyManager.WrappedKey(new String(kek, StandardCharsets.UTF_8), blob));
        try {
            return Aes.key(key.clone());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
