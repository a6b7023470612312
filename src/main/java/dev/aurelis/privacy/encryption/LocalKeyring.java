package dev.aurelis.privacy.encryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default key manager: key-encryption keys in a file ({@code keyring} in the data directory unless
 * {@code aurelis.privacy.keyring} names another), created on first start readable by its owner only. Each line is
 * {@code <version>=<base64 of 32 bytes>}, and {@code current=<version>} names the one that wraps new data keys.
 * Rotation appends a version; earlier ones stay so data keys they wrapped can be unwrapped until the re-wrap job has
 * moved them. Several replicas must share the file (a mounted secret or volume): one that meets a version it does
 * not know reads the file again.
 */
public final class LocalKeyring implements KeyManager {

    private static final Logger log = LoggerFactory.getLogger(LocalKeyring.class);
    private static final byte[] AAD = "aurelis-data-key/1".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private Map<Integer, SecretKey> keys = new TreeMap<>();
    private int current;

    public LocalKeyring(Path file) {
        this.file = file;
        load(true);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public synchronized String currentKeyId() {
        return "local:" + current;
    }

    @Override
    public synchronized WrappedKey wrap(byte[] dataKey) {
        return new WrappedKey(currentKeyId(), Aes.encrypt(keys.get(current), dataKey, AAD));
    }

    @Override
    public synchronized byte[] unwrap(WrappedKey wrapped) {
        int version = version(wrapped.kekId());
        if (!keys.containsKey(version)) {
            load(false);
        }
        SecretKey kek = keys.get(version);
        if (kek == null) {
            throw new IllegalStateException("The keyring " + file + " has no key-encryption key " + wrapped.kekId()
                    + ": restore the keyring from its backup (see docs/privacy.md, losing the keyring)");
        }
        return Aes.decrypt(kek, wrapped.blob(), AAD);
    }

    @Override
    public synchronized String rotate() {
        load(false);
        int next = keys.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        keys.put(next, Aes.key(Aes.newKey()));
        current = next;
        write();
        log.info("Rotated the local keyring {}: key-encryption key {} now wraps new data keys", file, currentKeyId());
        return currentKeyId();
    }

    private static int version(String kekId) {
        if (!kekId.startsWith("local:")) {
            throw new IllegalStateException("The data key was wrapped by " + kekId + ", not by the local keyring");
        }
        return Integer.parseInt(kekId.substring("local:".length()));
    }

    private void load(boolean create) {
        try {
            if (!Files.exists(file)) {
                if (!create) {
                    throw new IllegalStateException("The keyring " + file + " is missing");
                }
                keys = new TreeMap<>(Map.of(1, Aes.key(Aes.newKey())));
                current = 1;
                write();
                log.info("Created the keyring {} (key-encryption key local:1). Back it up: without it nothing sealed "
                        + "in the database can be read", file);
                return;
            }
            Map<Integer, SecretKey> read = new TreeMap<>();
            int named = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq < 0) {
                    throw new IllegalStateException("The keyring " + file + " has a line that is not name=value");
                }
                String name = l.substring(0, eq).strip();
                String value = l.substring(eq + 1).strip();
                if (name.equals("current")) {
                    named = Integer.parseInt(value);
                } else {
                    read.put(Integer.parseInt(name), Aes.key(Base64.getDecoder().decode(value)));
                }
            }
            if (!read.containsKey(named)) {
                throw new IllegalStateException("The keyring " + file + " names current=" + named + " but has no such key");
            }
            keys = read;
            current = named;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the keyring " + file, e);
        }
    }

    private void write() {
        StringBuilder text = new StringBuilder("# Aurelis keyring: the key-encryption keys of data sealed at rest.\n"
                + "# Keep a backup apart from the database backups; without it sealed values cannot be read.\n");
        text.append("current=").append(current).append('\n');
        keys.forEach((version, key) -> text.append(version).append('=')
                .append(Base64.getEncoder().encodeToString(key.getEncoded())).append('\n'));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".keyring", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the keyring " + file, e);
        }
    }

    @Override
    public String toString() {
        return "LocalKeyring[" + file + ", current " + current + "]";
    }
}
