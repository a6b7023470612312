package dev.aurelis.operations.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aurelis's tables in the current schema as PostgreSQL's catalogue describes them: the tables that hold rows (monthly
 * partitions included, partitioned parents not), ordered so a table comes after every table its foreign keys
 * reference; their columns; the partitions; the sequences. Flyway's history is not data: its version is recorded
 * in the backup's header instead.
 */
final class TableCatalog {

    static final String HISTORY = "flyway_schema_history";

    public record Partition(String name, String parent, String bound) {
    }

    public record Sequence(String name, long value, boolean called) {
    }

    private TableCatalog() {
    }

    /** The tables that hold rows, referenced tables first. */
    static List<String> tables(Connection connection) throws SQLException {
        Map<String, String> rootOf = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select c.relname, r.relname from pg_class c
                join pg_class r on r.oid = coalesce(pg_partition_root(c.oid), c.oid)
                where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and c.relname <> ?
                order by c.relname""")) {
            statement.setString(1, HISTORY);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rootOf.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        Map<String, Set<String>> references = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select distinct f.relname, t.relname from pg_constraint k
                join pg_class f on f.oid = coalesce(pg_partition_root(k.conrelid), k.conrelid)
                join pg_class t on t.oid = coalesce(pg_partition_root(k.confrelid), k.confrelid)
                where k.contype = 'f' and k.connamespace = current_schema()::regnamespace""");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (!rs.getString(1).equals(rs.getString(2))) {
                    references.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        List<String> roots = new ArrayList<>(new LinkedHashSet<>(rootOf.values()));
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String root : roots) {
            place(root, references, placed, ordered, new HashSet<>());
        }
        List<String> tables = new ArrayList<>();
        for (String root : ordered) {
            rootOf.forEach((table, itsRoot) -> {
                if (itsRoot.equals(root)) {
                    tables.add(table);
                }
            });
        }
        return tables;
    }

    private static void place(String table, Map<String, Set<String>> references, Set<String> placed,
            List<String> ordered, Set<String> visiting) {
        if (placed.contains(table) || !visiting.add(table)) {
            return;
        }
        for (String referenced : references.getOrDefault(table, Set.of()).stream().sorted().toList()) {
            place(referenced, references, placed, ordered, visiting);
        }
        placed.add(table);
        ordered.add(table);
    }

    /** The columns a COPY of {@code table} carries, in order (generated columns are computed again on restore). */
    static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select a.attname from pg_attribute a
                join pg_class c on c.oid = a.attrelid
                where c.relnamespace = current_schema()::regnamespace and c.relname = ?
                  and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                order by a.attnum""")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    static List<Partition> partitions(Connection connection) throws SQLException {
        List<Partition> partitions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select c.relname, p.relname, pg_get_expr(c.relpartbound, c.oid) from pg_class c
                join pg_inherits i on i.inhrelid = c.oid
                join pg_class p on p.oid = i.inhparent
                where c.relispartition and c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
                order by c.relname""");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                partitions.add(new Partition(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return partitions;
    }

    static List<Sequence> sequences(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select relname from pg_class where relkind = 'S' and relnamespace = current_schema()::regnamespace
                order by relname""");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        List<Sequence> sequences = new ArrayList<>();
        for (String name : names) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select last_value, is_called from " + quote(name));
                    ResultSet rs = statement.executeQuery()) {
                rs.next();
                sequences.add(new Sequence(name, rs.getLong(1), rs.getBoolean(2)));
            }
        }
        return sequences;
    }

    /** The schema version Flyway last applied, or null on a database it never migrated. */
    static String schemaVersion(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select version from %s where success and version is not null
                order by installed_rank desc limit 1""".formatted(HISTORY));
                ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    /** An identifier quoted for SQL (names come from the catalogue, never from a request). */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(TableCatalog::quote).toList());
    }
}
