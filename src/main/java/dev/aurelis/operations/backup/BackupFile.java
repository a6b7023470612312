package dev.aurelis.operations.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import javax.crypto.SecretKey;

/**
 * One backup file: the clear {@link BackupHeader}, then the body (the {@link Dump} records, gzip-compressed) encrypted
 * with AES-256-GCM in chunks under the backup's own data key. Written to a temporary name and moved into place, so a
 * backup that exists is complete.
 */
public final class BackupFile {

    private BackupFile() {
    }

    /** Dumps the database of {@code connection} into {@code target}; returns the manifest. */
    public static Manifest create(Path target, BackupHeader header, SecretKey key, Connection connection)
            throws IOException, SQLException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial))) {
                DataOutputStream out = new DataOutputStream(file);
                header.writeTo(out);
                try (GZIPOutputStream body = new GZIPOutputStream(
                        new ChunkedCipher.Encrypting(out, key, header.digest()), 64 * 1024)) {
                    Manifest manifest = Dump.write(connection, body);
                    body.finish();
                    body.close();
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                    return manifest;
                }
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    public static BackupHeader header(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return BackupHeader.readFrom(in, file.getFileName().toString());
        } catch (java.io.EOFException e) {
            throw new BackupRefused(file.getFileName() + " is cut short: it has no complete header");
        }
    }

    /** Decrypts the whole backup and checks every table against the manifest, writing nothing. */
    public static Manifest verify(Path file, Function<byte[], SecretKey> keys) throws IOException {
        try {
            return read(file, keys, (header, body) -> Load.read(body, new Load.Target() {
            }));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Restores the backup into the empty database of {@code connection} in one transaction. */
    public static Manifest restore(Path file, Function<byte[], SecretKey> keys, Connection connection)
            throws IOException, SQLException {
        return read(file, keys, (header, body) -> Restore.into(connection, header.schemaVersion(), body));
    }

    private interface Reading {
        Manifest apply(BackupHeader header, InputStream body) throws IOException, SQLException;
    }

    private static Manifest read(Path file, Function<byte[], SecretKey> keys, Reading reading)
            throws IOException, SQLException {
        String name = file.getFileName().toString();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            BackupHeader header = BackupHeader.readFrom(in, name);
            SecretKey key;
            try {
                key = keys.apply(header.wrappedKey());
            } catch (RuntimeException e) {
                throw new BackupRefused(name + " cannot be opened with this deployment's key manager ("
                        + e.getMessage() + "): restore needs the keyring (or Vault / KMS key) the backup was made with", e);
            }
            try (InputStream body = new GZIPInputStream(new ChunkedCipher.Decrypting(in, key, header.digest()), 1 << 16)) {
                Manifest manifest = reading.apply(header, body);
                if (!header.schemaVersion().equals(manifest.schemaVersion())) {
                    throw new BackupRefused(name + " names schema version " + header.schemaVersion()
                            + " in its header but " + manifest.schemaVersion() + " in its manifest");
                }
                return manifest;
            } catch (ZipException e) {
                throw new BackupRefused(name + " is damaged: its contents do not decompress", e);
            } catch (BackupRefused e) {
                throw e.getMessage().startsWith(name) ? e : new BackupRefused(name + ": " + e.getMessage(), e);
            } catch (java.io.EOFException e) {
                throw new BackupRefused(name + " is cut short", e);
            }
        } catch (java.io.EOFException e) {
            throw new BackupRefused(name + " is cut short: it has no complete header", e);
        }
    }
}
