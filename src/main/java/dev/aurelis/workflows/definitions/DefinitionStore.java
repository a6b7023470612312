package dev.aurelis.workflows.definitions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The table of workflow definitions written through the admin API. Every call acts for the current tenant
 * (row-level security); the caller sets it. Versions only grow: a change names the version it was made from, and
 * an update or deletion that finds another one changes nothing.
 */
@Component
class DefinitionStore {

    /** One stored definition: its text (JSON, as checked) and who made and last changed it. */
    record Row(String name, String definition, long version, String createdBy, Instant createdAt, String updatedBy,
            Instant updatedAt) {
    }

    private static final String COLUMNS = "name, definition, version, created_by, created_at, updated_by, updated_at";

    private final JdbcClient jdbc;

    DefinitionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Row> live(String tenant) {
        return jdbc.sql("select " + COLUMNS + " from workflows_definition where tenant_id = ? and deleted_at is null "
                + "order by name").param(tenant).query(DefinitionStore::row).list();
    }

    Optional<Row> find(String tenant, String name) {
        return jdbc.sql("select " + COLUMNS + " from workflows_definition where tenant_id = ? and name = ? "
                + "and deleted_at is null").params(tenant, name).query(DefinitionStore::row).optional();
    }

    /** The latest change of any definition of the tenant, deletions included; null when there has been none. */
    Instant latestChange(String tenant) {
        Timestamp latest = jdbc.sql("select max(updated_at) from workflows_definition where tenant_id = ?")
                .param(tenant).query(Timestamp.class).optional().orElse(null);
        return latest == null ? null : latest.toInstant();
    }

    /**
     * Stores a new definition (a deleted one of the same name is replaced, its versions going on); empty when a live
     * one has the name already.
     */
    Optional<Row> insert(String tenant, String name, String definition, String actor) {
        return jdbc.sql("""
                insert into workflows_definition (tenant_id, name, definition, version, created_by, updated_by)
                values (?, ?, ?, 1, ?, ?)
                on conflict (tenant_id, name) do update set definition = excluded.definition,
                    version = workflows_definition.version + 1, created_by = excluded.created_by,
                    created_at = clock_timestamp(), updated_by = excluded.updated_by, updated_at = clock_timestamp(),
                    deleted_at = null
                where workflows_definition.deleted_at is not null
                returning\s""" + COLUMNS).params(tenant, name, definition, actor, actor)
                .query(DefinitionStore::row).optional();
    }

    /** Replaces the definition if it is still at {@code version}; empty when it is not (or no longer exists). */
    Optional<Row> update(String tenant, String name, long version, String definition, String actor) {
        return jdbc.sql("""
                update workflows_definition set definition = ?, version = version + 1, updated_by = ?,
                    updated_at = clock_timestamp()
                where tenant_id = ? and name = ? and version = ? and deleted_at is null
                returning\s""" + COLUMNS).params(definition, actor, tenant, name, version)
                .query(DefinitionStore::row).optional();
    }

    /** Deletes the definition if it is at {@code version} (any, when null); the version it had, or empty. */
    Optional<Long> delete(String tenant, String name, Long version, String actor) {
        return jdbc.sql("""
                update workflows_definition set deleted_at = clock_timestamp(), updated_at = clock_timestamp(),
                    updated_by = ?
                where tenant_id = ? and name = ? and deleted_at is null and (cast(? as bigint) is null or version = ?)
                returning version
                """).params(actor, tenant, name, version, version).query(Long.class).optional();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("name"), rs.getString("definition"), rs.getLong("version"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), rs.getString("updated_by"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
