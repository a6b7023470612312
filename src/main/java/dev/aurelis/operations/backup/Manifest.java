package dev.aurelis.operations.backup;

import java.util.List;

/**
 * What a backup holds, written after the tables inside the encrypted body: each table's columns, row count and the
 * SHA-256 of its rows as PostgreSQL's COPY text format writes them; restore and verify recompute both.
 */
public record Manifest(String schemaVersion, List<Table> tables, List<TableCatalog.Partition> partitions,
        List<TableCatalog.Sequence> sequences) {

    public record Table(String name, List<String> columns, long rows, String sha256) {
    }

    public long rows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }
}
