package dev.aurelis.operations.backup;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a backup into an empty database at the backup's schema version, in one transaction: partitions the backup
 * has are created, each table is filled through COPY, sequences are set, and only when every table's row count and
 * checksum match the manifest is it committed. A database with any Aurelis rows, at another schema version, or
 * with other columns is refused before anything is written.
 */
final class Restore implements Load.Target {

    private final Connection connection;
    private final Set<String> tablesHere = new HashSet<>();
    private CopyIn copy;
    private List<TableCatalog.Sequence> pendingSequences = List.of();

    private Restore(Connection connection) {
        this.connection = connection;
    }

    /** Restores {@code body} (a decrypted body) into the database of {@code connection}; returns the manifest. */
    static Manifest into(Connection connection, String backupVersion, InputStream body) throws IOException, SQLException {
        connection.setAutoCommit(false);
        Restore restore = new Restore(connection);
        try {
            restore.checkTarget(backupVersion);
            Manifest manifest = Load.read(body, restore);
            connection.commit();
            return manifest;
        } catch (IOException | SQLException | RuntimeException e) {
            if (restore.copy != null && restore.copy.isActive()) {
                restore.copy.cancelCopy();
            }
            connection.rollback();
            throw e;
        }
    }

    private void checkTarget(String backupVersion) throws SQLException {
        String version = TableCatalog.schemaVersion(connection);
        if (version == null || !version.equals(backupVersion)) {
            throw new BackupRefused("the backup is of schema version " + backupVersion + " but this database is at "
                    + (version == null ? "no version (it was never migrated)" : version)
                    + ": restore with the Aurelis release whose migrations end at " + backupVersion
                    + ", then upgrade");
        }
        List<String> occupied = new ArrayList<>();
        for (String table : TableCatalog.tables(connection)) {
            tablesHere.add(table);
            try (Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("select exists (select 1 from " + TableCatalog.quote(table) + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    occupied.add(table);
                }
            }
        }
        if (!occupied.isEmpty()) {
            throw new BackupRefused("the database is not empty (rows in " + String.join(", ", occupied)
                    + "): restore into a new database (another AURELIS_DB_URL, or an empty data directory)");
        }
    }

    @Override
    public void layout(Manifest layout) throws SQLException {
        boolean created = false;
        for (TableCatalog.Partition partition : layout.partitions()) {
            if (!tablesHere.contains(partition.name())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("create table " + TableCatalog.quote(partition.name()) + " partition of "
                            + TableCatalog.quote(partition.parent()) + " " + partition.bound());
                }
                tablesHere.add(partition.name());
                created = true;
            }
        }
        if (created) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("select aurelis_protect_tenant_tables()");
            }
        }
        pendingSequences = layout.sequences();
    }

    @Override
    public void begin(String table, List<String> columns) throws SQLException {
        if (!tablesHere.contains(table)) {
            throw new BackupRefused("the backup has table " + table + ", which this database does not");
        }
        List<String> here = TableCatalog.columns(connection, table);
        if (!here.equals(columns)) {
            throw new BackupRefused("table " + table + " has columns " + here + " here but " + columns
                    + " in the backup");
        }
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy " + TableCatalog.quote(table) + " (" + TableCatalog.columnList(columns) + ") from stdin");
    }

    @Override
    public void rows(byte[] bytes, int length) throws SQLException {
        copy.writeToCopy(bytes, 0, length);
    }

    @Override
    public void end() throws SQLException {
        copy.endCopy();
        copy = null;
    }

    @Override
    public void verified(Manifest manifest) throws SQLException {
        for (TableCatalog.Sequence sequence : pendingSequences) {
            try (PreparedStatement statement = connection.prepareStatement("select setval(?::regclass, ?, ?)")) {
                statement.setString(1, TableCatalog.quote(sequence.name()));
                statement.setLong(2, sequence.value());
                statement.setBoolean(3, sequence.called());
                statement.execute();
            }
        }
    }
}
