package dev.aurelis.operations.backup;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes every Aurelis table through PostgreSQL's COPY protocol, inside one read-only repeatable-read transaction,
 * so the backup is one consistent snapshot while the server keeps serving. The body is a sequence of records: the
 * layout (partitions and sequences), each table's rows in frames, then the manifest.
 */
final class Dump {

    static final int LAYOUT = 'L';
    static final int TABLE = 'T';
    static final int MANIFEST = 'M';
    static final int END = 'E';
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int FRAME = 64 * 1024;

    private Dump() {
    }

    /** Writes the snapshot to {@code body} (not closed) and returns its manifest. */
    static Manifest write(Connection connection, OutputStream body) throws SQLException, IOException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try {
            DataOutputStream out = new DataOutputStream(body);
            String version = TableCatalog.schemaVersion(connection);
            List<TableCatalog.Partition> partitions = TableCatalog.partitions(connection);
            List<TableCatalog.Sequence> sequences = TableCatalog.sequences(connection);
            writeJson(out, LAYOUT, new Manifest(version, List.of(), partitions, sequences));
            List<Manifest.Table> tables = new ArrayList<>();
            for (String table : TableCatalog.tables(connection)) {
                tables.add(table(connection, table, out));
            }
            Manifest manifest = new Manifest(version, tables, partitions, sequences);
            writeJson(out, MANIFEST, manifest);
            out.writeByte(END);
            out.flush();
            connection.commit();
            return manifest;
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static Manifest.Table table(Connection connection, String table, DataOutputStream out)
            throws SQLException, IOException {
        List<String> columns = TableCatalog.columns(connection, table);
        out.writeByte(TABLE);
        out.writeUTF(table);
        byte[] columnList = JSON.writeValueAsBytes(columns);
        out.writeInt(columnList.length);
        out.write(columnList);
        TableDigest digest = new TableDigest();
        ByteArrayOutputStream frame = new ByteArrayOutputStream(FRAME + 1024);
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(
                "copy " + TableCatalog.quote(table) + " (" + TableCatalog.columnList(columns) + ") to stdout");
        byte[] row;
        while ((row = copy.readFromCopy()) != null) {
            digest.update(row, 0, row.length);
            frame.write(row);
            if (frame.size() >= FRAME) {
                flush(frame, out);
            }
        }
        flush(frame, out);
        out.writeInt(0);
        return new Manifest.Table(table, columns, digest.rows(), digest.hex());
    }

    private static void flush(ByteArrayOutputStream frame, DataOutputStream out) throws IOException {
        if (frame.size() > 0) {
            out.writeInt(frame.size());
            frame.writeTo(out);
            frame.reset();
        }
    }

    private static void writeJson(DataOutputStream out, int kind, Object value) throws IOException {
        byte[] json = JSON.writeValueAsBytes(value);
        out.writeByte(kind);
        out.writeInt(json.length);
        out.write(json);
    }
}
