package dev.aurelis.audit.chain;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed checkpoints of each tenant's chain: the head's number and link, signed with the audit key, stored beside
 * the entries and appended to a file outside the database ({@code aurelis.audit.checkpoint-file}, by default
 * {@code audit-checkpoints.jsonl} in the data directory), so rewriting history needs the key as well as the database.
 */
@Component
public class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final AuditKey key;
    private final Path file;
    private final Clock clock;

    Checkpoints(JdbcClient jdbc, AuditLog auditLog, AuditKey key, @Value("${aurelis.data-dir}") String dataDir,
            @Value("${aurelis.audit.checkpoint-file:}") String checkpointFile, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.key = key;
        this.file = checkpointFile.isBlank() ? Path.of(dataDir).resolve("audit-checkpoints.jsonl") : Path.of(checkpointFile);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public record Checkpoint(String tenantId, long seq, byte[] hash, Instant signedAt, String keyId, byte[] signature) {

        /** The signed statement: which tenant's chain had which link at which number, and when that was signed. */
        public byte[] message() {
            return message(tenantId, seq, hash, signedAt);
        }

        static byte[] message(String tenantId, long seq, byte[] hash, Instant signedAt) {
            return ("aurelis-audit-checkpoint/1\n" + tenantId + "\n" + seq + "\n" + Canonical.hex(hash) + "\n"
                    + Canonical.stored(signedAt)).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Signs the tenant's head unless the last checkpoint already covers it; returns the new checkpoint, if any. */
    public Optional<Checkpoint> sign(TenantId tenant) {
        AuditLog.Head head = auditLog.head(tenant);
        if (head.seq() == 0 || latest(tenant).map(c -> c.seq() >= head.seq()).orElse(false)) {
            return Optional.empty();
        }
        Instant now = Canonical.stored(clock.instant());
        byte[] signature = key.sign(Checkpoint.message(tenant.value(), head.seq(), head.hash(), now));
        Checkpoint checkpoint = new Checkpoint(tenant.value(), head.seq(), head.hash(), now, key.id(), signature);
        int inserted = TenantContext.call(tenant, () -> jdbc.sql("""
                insert into audit_checkpoint (tenant_id, seq, hash, signed_at, key_id, signature)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(tenant.value(), head.seq(), head.hash(), AuditLog.utc(now), key.id(), signature).update());
        if (inserted == 0) {
            return Optional.empty();
        }
        publish(checkpoint);
        return Optional.of(checkpoint);
    }

    public Optional<Checkpoint> latest(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select tenant_id, seq, hash, signed_at, key_id, signature "
                        + "from audit_checkpoint where tenant_id = ? order by seq desc limit 1").param(tenant.value())
                .query((rs, n) -> checkpoint(rs)).optional());
    }

    /** Every checkpoint of the tenant, in chain order. */
    public List<Checkpoint> all(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select tenant_id, seq, hash, signed_at, key_id, signature "
                        + "from audit_checkpoint where tenant_id = ? order by seq").param(tenant.value())
                .query((rs, n) -> checkpoint(rs)).list());
    }

    private static Checkpoint checkpoint(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Checkpoint(rs.getString(1), rs.getLong(2), rs.getBytes(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getBytes(6));
    }

    /** Appends the checkpoint to the file outside the database; a failure is logged, the checkpoint stays stored. */
    private void publish(Checkpoint c) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("tenant_id", c.tenantId());
        line.put("seq", c.seq());
        line.put("hash", Canonical.hex(c.hash()));
        line.put("signed_at", c.signedAt().toString());
        line.put("key_id", c.keyId());
        line.put("signature", java.util.Base64.getEncoder().encodeToString(c.signature()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("Could not publish the audit checkpoint {}#{} to {}: {}", c.tenantId(), c.seq(), file, e.getMessage());
        }
    }
}
