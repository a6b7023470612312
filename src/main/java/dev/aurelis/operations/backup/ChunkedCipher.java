package dev.aurelis.operations.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over a stream in chunks of 1 MiB, so neither writing nor reading holds a whole backup in memory. Each
 * chunk is {@code length || nonce || ciphertext || tag}; its authenticated data is the header's digest, the chunk's
 * number and whether it is the last, so chunks cannot be reordered, dropped or moved to another backup, and a file
 * cut short is noticed.
 */
final class ChunkedCipher {

    static final int CHUNK = 1 << 20;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChunkedCipher() {
    }

    private static byte[] aad(byte[] headerDigest, long index, boolean last) {
        return ByteBuffer.allocate(headerDigest.length + 9).put(headerDigest).putLong(index).put((byte) (last ? 1 : 0))
                .array();
    }

    static final class Encrypting extends OutputStream {
        private final DataOutputStream out;
        private final SecretKey key;
        private final byte[] headerDigest;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private long index;
        private boolean closed;

        Encrypting(OutputStream out, SecretKey key, byte[] headerDigest) {
            this.out = new DataOutputStream(out);
            this.key = key;
            this.headerDigest = headerDigest;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == CHUNK) {
                    emit(false);
                }
                int n = Math.min(length, CHUNK - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        private void emit(boolean last) throws IOException {
            try {
                byte[] nonce = new byte[NONCE];
                RANDOM.nextBytes(nonce);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(aad(headerDigest, index++, last));
                byte[] sealed = cipher.doFinal(buffer, 0, filled);
                out.writeInt(NONCE + sealed.length);
                out.write(nonce);
                out.write(sealed);
                filled = 0;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM encryption failed", e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                emit(true);
                out.close();
            }
        }
    }

    static final class Decrypting extends InputStream {
        private final DataInputStream in;
        private final SecretKey key;
        private final byte[] headerDigest;
        private byte[] plain = new byte[0];
        private int position;
        private long index;
        private boolean last;

        Decrypting(DataInputStream in, SecretKey key, byte[] headerDigest) {
            this.in = in;
            this.key = key;
            this.headerDigest = headerDigest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            while (position == plain.length) {
                if (last) {
                    return -1;
                }
                next();
            }
            int n = Math.min(length, plain.length - position);
            System.arraycopy(plain, position, bytes, offset, n);
            position += n;
            return n;
        }

        private void next() throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                throw new BackupRefused("the backup is cut short: its last part is missing");
            }
            if (length < NONCE + TAG_BITS / 8 || length > NONCE + CHUNK + TAG_BITS / 8) {
                throw new BackupRefused("the backup is damaged: chunk " + index + " has an impossible length");
            }
            byte[] chunk = new byte[length];
            try {
                in.readFully(chunk);
            } catch (EOFException e) {
                throw new BackupRefused("the backup is cut short in chunk " + index);
            }
            plain = open(chunk, false);
            if (plain == null) {
                plain = open(chunk, true);
                if (plain == null) {
                    throw new BackupRefused("the backup was changed after it was written (chunk " + index
                            + " does not authenticate), or it is not from this deployment's keyring");
                }
                last = true;
                if (in.read() >= 0) {
                    throw new BackupRefused("the backup has data after its last chunk: it was changed after it was written");
                }
            }
            position = 0;
            index++;
        }

        private byte[] open(byte[] chunk, boolean lastChunk) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, chunk, 0, NONCE));
                cipher.updateAAD(aad(headerDigest, index, lastChunk));
                return cipher.doFinal(chunk, NONCE, chunk.length - NONCE);
            } catch (AEADBadTagException e) {
                return null;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM decryption failed", e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
