package dev.aurelis.audit.chain;

import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.tenancy.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Removes entries past {@code audit.retention_days} in whole segments: everything up to the newest signed checkpoint
 * whose entry is older than the cut-off. The checkpoints stay, so the chain that is left still verifies from the
 * checkpoint at its last removed entry. Runs as the schema owner with {@code aurelis.audit_retention} set for its
 * transaction, the only way past the append-only trigger; the application's role cannot remove entries at all.
 */
@Component
public class AuditRetention {

    private final DataSource owner;

    AuditRetention(@SystemDatabase DataSource owner) {
        this.owner = owner;
    }

    /** Removes {@code tenant}'s entries recorded before {@code cutoff}, up to a checkpoint; returns the last removed number (0 if none). */
    public long removeBefore(TenantId tenant, Instant cutoff) {
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set local aurelis.audit_retention = 'on'");
                }
                long through = 0;
                try (PreparedStatement select = connection.prepareStatement("""
                        select max(c.seq) from audit_checkpoint c
                        join audit_entry e on e.tenant_id = c.tenant_id and e.seq = c.seq
                        where c.tenant_id = ? and e.recorded_at < ?""")) {
                    select.setString(1, tenant.value());
                    select.setObject(2, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                    try (ResultSet rs = select.executeQuery()) {
                        if (rs.next()) {
                            through = rs.getLong(1);
                        }
                    }
                }
                if (through > 0) {
                    try (PreparedStatement delete = connection.prepareStatement(
                            "delete from audit_entry where tenant_id = ? and seq <= ?")) {
                        delete.setString(1, tenant.value());
                        delete.setLong(2, through);
                        delete.executeUpdate();
                    }
                }
                connection.commit();
                return through;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("Could not apply the audit retention of " + tenant, e);
        }
    }
}
