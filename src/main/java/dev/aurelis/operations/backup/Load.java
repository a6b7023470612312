package dev.aurelis.operations.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * Reads a backup's body as {@link Dump} wrote it, recomputing every table's row count and SHA-256 and comparing them
 * with the manifest at the end; hands the rows to a {@link Target} as they come (nothing for a verify, COPY for a
 * restore, which commits only once {@link Target#verified} was called).
 */
final class Load {

    private static final int MAX_JSON = 64 * 1024 * 1024;
    /** A frame holds whole rows, and a PostgreSQL value can reach 1 GiB; lengths are authenticated before use. */
    private static final int MAX_FRAME = (1 << 30) + (1 << 20);

    interface Target {
        default void layout(Manifest layout) throws SQLException {
        }

        default void begin(String table, List<String> columns) throws SQLException {
        }

        default void rows(byte[] bytes, int length) throws SQLException {
        }

        default void end() throws SQLException {
        }

        default void verified(Manifest manifest) throws SQLException {
        }
    }

    private Load() {
    }

    static Manifest read(InputStream body, Target target) throws IOException, SQLException {
        DataInputStream in = new DataInputStream(body);
        Map<String, Manifest.Table> computed = new LinkedHashMap<>();
        try {
            expect(in.readUnsignedByte(), Dump.LAYOUT);
            target.layout(json(in, Manifest.class));
            while (true) {
                int kind = in.readUnsignedByte();
                if (kind == Dump.MANIFEST) {
                    break;
                }
                expect(kind, Dump.TABLE);
                Manifest.Table table = table(in, target);
                computed.put(table.name(), table);
            }
            Manifest manifest = json(in, Manifest.class);
            expect(in.readUnsignedByte(), Dump.END);
            compare(manifest, computed);
            target.verified(manifest);
            return manifest;
        } catch (EOFException e) {
            throw new BackupRefused("the backup's contents end early: it is incomplete");
        }
    }

    private static Manifest.Table table(DataInputStream in, Target target) throws IOException, SQLException {
        String name = in.readUTF();
        int length = in.readInt();
        if (length <= 0 || length > MAX_JSON) {
            throw new BackupRefused("the backup is damaged near table " + name);
        }
        byte[] encoded = new byte[length];
        in.readFully(encoded);
        List<String> columns = Dump.JSON.readValue(encoded, new TypeReference<List<String>>() {
        });
        target.begin(name, columns);
        TableDigest digest = new TableDigest();
        byte[] frame = new byte[0];
        int size;
        while ((size = in.readInt()) != 0) {
            if (size < 0 || size > MAX_FRAME) {
                throw new BackupRefused("the backup is damaged in table " + name);
            }
            if (frame.length < size) {
                frame = new byte[size];
            }
            in.readFully(frame, 0, size);
            digest.update(frame, 0, size);
            target.rows(frame, size);
        }
        target.end();
        return new Manifest.Table(name, columns, digest.rows(), digest.hex());
    }

    private static void compare(Manifest manifest, Map<String, Manifest.Table> computed) {
        List<String> problems = new ArrayList<>();
        for (Manifest.Table expected : manifest.tables()) {
            Manifest.Table found = computed.remove(expected.name());
            if (found == null) {
                problems.add(expected.name() + " is missing");
            } else if (found.rows() != expected.rows() || !found.sha256().equals(expected.sha256())) {
                problems.add(expected.name() + " has " + found.rows() + " rows with SHA-256 " + found.sha256()
                        + ", the manifest says " + expected.rows() + " rows with " + expected.sha256());
            }
        }
        computed.keySet().forEach(extra -> problems.add(extra + " is not in the manifest"));
        if (!problems.isEmpty()) {
            throw new BackupRefused("the backup does not match its manifest: " + String.join("; ", problems));
        }
    }

    private static <T> T json(DataInputStream in, Class<T> type) throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > MAX_JSON) {
            throw new BackupRefused("the backup is damaged: a record has an impossible length");
        }
        byte[] encoded = new byte[length];
        in.readFully(encoded);
        return Dump.JSON.readValue(encoded, type);
    }

    private static void expect(int kind, int expected) {
        if (kind != expected) {
            throw new BackupRefused("the backup is damaged: found record '" + (char) kind + "' where '"
                    + (char) expected + "' belongs");
        }
    }
}
