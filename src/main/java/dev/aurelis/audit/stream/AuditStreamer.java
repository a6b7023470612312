package dev.aurelis.audit.stream;

import dev.aurelis.audit.AuditEntry;
import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Streams a tenant's entries to the real-time destination, at least once and in order: the entries themselves are the
 * outbox and {@code audit_export_cursor} says how far the destination has them. A batch that fails is sent again,
 * after a backoff that doubles from one second up to five minutes; meanwhile nothing else waits on it, the gateway
 * least of all. A destination down for a while receives everything when it is back (what retention removed in between
 * excepted).
 */
public class AuditStreamer {

    private static final Logger log = LoggerFactory.getLogger(AuditStreamer.class);
    static final int BATCH = 500;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Destination destination;
    private final AuditLog auditLog;
    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditStreamer(Destination destination, AuditLog auditLog, JdbcClient jdbc, Clock clock) {
        this.destination = destination;
        this.auditLog = auditLog;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The streamer for the configured destination, if streaming is on. */
    public static Optional<AuditStreamer> of(AuditSettings settings, Destinations.Secrets secrets, String hostname,
            AuditLog auditLog, JdbcClient jdbc, Clock clock) {
        return settings.realTimeDestination().map(d -> new AuditStreamer(Destinations.parse(d, secrets, hostname, clock),
                auditLog, jdbc, clock));
    }

    public String destination() {
        return destination.name();
    }

    private record Cursor(long seq, int failures, Instant nextAttempt) {
    }

    /**
     * Sends what the destination lacks, a batch at a time, until it has everything or a batch fails; returns how many
     * entries were delivered.
     */
    public int deliver(TenantId tenant) {
        Cursor cursor = cursor(tenant);
        if (cursor.nextAttempt() != null && clock.instant().isBefore(cursor.nextAttempt())) {
            return 0;
        }
        int delivered = 0;
        long seq = cursor.seq();
        while (true) {
            List<AuditEntry> batch = auditLog.after(tenant, seq, BATCH);
            if (batch.isEmpty()) {
                return delivered;
            }
            try {
                destination.send(batch);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                int failures = cursor.failures() + 1;
                Duration backoff = Duration.ofSeconds(1L << Math.min(failures - 1, 20));
                backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
                save(tenant, seq, failures, e.getMessage(), clock.instant().plus(backoff));
                log.warn("Could not stream audit entries of '{}' to {} ({} failures in a row; next try in {}s): {}",
                        tenant, destination.name(), failures, backoff.toSeconds(), e.getMessage());
                return delivered;
            }
            seq = batch.getLast().seq();
            delivered += batch.size();
            save(tenant, seq, 0, null, null);
            cursor = new Cursor(seq, 0, null);
            if (batch.size() < BATCH) {
                return delivered;
            }
        }
    }

    /** How many recorded entries the destination does not have yet. */
    public long backlog(TenantId tenant) {
        return Math.max(0, auditLog.head(tenant).seq() - cursor(tenant).seq());
    }

    private Cursor cursor(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        select seq, failures, next_attempt_at from audit_export_cursor
                        where tenant_id = ? and destination = ?""").params(tenant.value(), destination.name())
                .query((rs, n) -> new Cursor(rs.getLong(1), rs.getInt(2),
                        rs.getObject(3, OffsetDateTime.class) == null ? null : rs.getObject(3, OffsetDateTime.class).toInstant()))
                .optional().orElse(new Cursor(0, 0, null)));
    }

    private void save(TenantId tenant, long seq, int failures, String error, Instant nextAttempt) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                insert into audit_export_cursor (tenant_id, destination, seq, failures, last_error, next_attempt_at, updated_at)
                values (?, ?, ?, ?, ?, ?, now())
                on conflict (tenant_id, destination) do update set seq = excluded.seq, failures = excluded.failures,
                    last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at, updated_at = now()""")
                .params(tenant.value(), destination.name(), seq, failures, error == null ? null : abbreviate(error),
                        nextAttempt == null ? null : nextAttempt.atOffset(ZoneOffset.UTC))
                .update());
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
