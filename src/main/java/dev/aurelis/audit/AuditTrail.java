package dev.aurelis.audit;

import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.audit.chain.ChainVerifier;
import dev.aurelis.audit.chain.Checkpoints;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The audit trail's API: record an entry, read entries with filters and cursor paging, walk them all for export,
 * verify a chain, and see the latest signed checkpoint. Every call acts for one tenant.
 */
@Component
public class AuditTrail {

    public static final int MAX_PAGE = 1_000;

    private final AuditLog auditLog;
    private final ChainVerifier verifier;
    private final Checkpoints checkpoints;
    private final AuditSettings settings;

    AuditTrail(AuditLog auditLog, ChainVerifier verifier, Checkpoints checkpoints, AuditSettings settings) {
        this.auditLog = auditLog;
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.settings = settings;
    }

    /** Appends entries (recorded as given, whatever the log level) unless the trail is switched off. */
    public void record(TenantId tenant, List<AuditDraft> drafts) {
        if (settings.enabled()) {
            auditLog.append(tenant, drafts);
        }
    }

    public AuditPage read(TenantId tenant, AuditQuery query, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        List<Object> params = new ArrayList<>();
        String where = where(query, params);
        List<AuditEntry> entries = auditLog.find(tenant, where, params, query.newestFirst() ? "desc" : "asc", limit + 1);
        boolean more = entries.size() > limit;
        List<AuditEntry> page = more ? entries.subList(0, limit) : entries;
        return new AuditPage(List.copyOf(page), more ? Cursors.of(page.getLast().seq()) : null);
    }

    /** How many entries match (the cursor and order of the query are ignored). */
    public long count(TenantId tenant, AuditQuery query) {
        List<Object> params = new ArrayList<>();
        String where = where(query.withAfter(null), params);
        return auditLog.count(tenant, where, params);
    }

    /** The time of the oldest entry still kept, if any. */
    public Optional<java.time.Instant> oldest(TenantId tenant) {
        List<AuditEntry> first = auditLog.find(tenant, "", List.of(), "asc", 1);
        return first.isEmpty() ? Optional.empty() : Optional.of(first.getFirst().recordedAt());
    }

    /** Every matching entry in chain order, a page at a time, for exports. */
    public void forEach(TenantId tenant, AuditQuery query, Consumer<AuditEntry> sink) {
        AuditQuery ascending = new AuditQuery(query.from(), query.to(), query.actor(), query.category(), query.action(),
                query.target(), query.outcome(), query.after(), false);
        while (true) {
            AuditPage page = read(tenant, ascending, MAX_PAGE);
            page.entries().forEach(sink);
            if (page.nextCursor() == null) {
                return;
            }
            ascending = ascending.withAfter(Cursors.seq(page.nextCursor()));
        }
    }

    /** Recomputes the chain from entry {@code fromSeq} (1: all of it) and checks every signed checkpoint. */
    public Verification verify(TenantId tenant, long fromSeq) {
        return verifier.verify(tenant, Math.max(1, fromSeq));
    }

    /** The newest signed checkpoint: its number, link, time and key id. */
    public Optional<SignedCheckpoint> latestCheckpoint(TenantId tenant) {
        return checkpoints.latest(tenant).map(c -> new SignedCheckpoint(c.seq(),
                dev.aurelis.audit.chain.Canonical.hex(c.hash()), c.signedAt(), c.keyId()));
    }

    /** The number of the last entry recorded (0 when none). */
    public long head(TenantId tenant) {
        return auditLog.head(tenant).seq();
    }

    /** A signed checkpoint as the API shows it. */
    public record SignedCheckpoint(long seq, String hash, java.time.Instant signedAt, String keyId) {
    }

    private static String where(AuditQuery q, List<Object> params) {
        StringBuilder where = new StringBuilder();
        if (q.from() != null) {
            where.append(" and occurred_at >= ?");
            params.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            where.append(" and occurred_at < ?");
            params.add(Timestamp.from(q.to()));
        }
        eq(where, params, "actor", q.actor());
        eq(where, params, "category", q.category());
        eq(where, params, "target", q.target());
        eq(where, params, "outcome", q.outcome());
        if (q.action() != null && !q.action().isBlank()) {
            String action = q.action().strip();
            if (action.endsWith("*") || action.endsWith(".")) {
                String family = action.endsWith("*") ? action.substring(0, action.length() - 1) : action;
                where.append(" and starts_with(action, ?)");
                params.add(family);
            } else {
                where.append(" and action = ?");
                params.add(action);
            }
        }
        if (q.after() != null) {
            where.append(q.newestFirst() ? " and seq < ?" : " and seq > ?");
            params.add(q.after());
        }
        return where.toString();
    }

    private static void eq(StringBuilder where, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" and ").append(column).append(" = ?");
            params.add(value.strip());
        }
    }
}
