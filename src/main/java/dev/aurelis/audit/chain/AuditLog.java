package dev.aurelis.audit.chain;

import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditEntry;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends entries to a tenant's chain and reads them back. Appends lock the tenant's chain head, so each entry takes
 * the next number and links to the one before, across threads and replicas; a batch is one transaction. Runs as the
 * application's role, which may insert entries but never change or remove one.
 */
@Component
public class AuditLog {

    static final String COLUMNS = "tenant_id, seq, id, occurred_at, recorded_at, category, action, actor, target, "
            + "outcome, source_ip, user_agent, details, prev_hash, hash, personal_digest, salt, erased_at";

    private static final String INSERT = "insert into audit_entry (" + COLUMNS + ", source_key, request_id) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)";

    /**
     * Finds entries of one exchange: by their request id, or in the details of entries recorded before it had a column
     * of its own (ADR 0088). Each branch is one partial index's condition.
     */
    public static final String OF_REQUEST = " and (request_id = ? or request_id is null"
            + " and details like '%\"request_id\"%' and (details::jsonb) ->> 'request_id' = ?)";
    /** Entries that link to an exchange: a request id in its column, or in the details of entries recorded before. */
    public static final String LINKS_AN_EXCHANGE = " and (request_id is not null or details like '%\"request_id\"%')";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JdbcTemplate batch, PlatformTransactionManager transactions, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The head of a chain: its last number and link (0 and the genesis link when empty). */
    public record Head(long seq, byte[] hash) {
    }

    /**
     * Appends the drafts (all of {@code tenant}) in order, skipping any whose source key is already recorded;
     * returns how many were appended. A batch costs the same few round trips whatever its size: the head, which
     * source keys are recorded, the entries, the new head.
     */
    public int append(TenantId tenant, List<AuditDraft> drafts) {
        if (drafts.isEmpty()) {
            return 0;
        }
        for (AuditDraft draft : drafts) {
            if (!draft.tenantId().equals(tenant.value())) {
                throw new IllegalArgumentException("A draft of tenant " + draft.tenantId() + " in a batch of " + tenant);
            }
        }
        return TenantContext.call(tenant, () -> transactions.execute(status -> {
            Head head = lockHead(tenant);
            long seq = head.seq();
            byte[] previous = head.hash();
            Instant now = Canonical.stored(clock.instant());
            Set<String> recorded = recordedAmong(tenant, drafts);
            List<Row> rows = new ArrayList<>(drafts.size());
            for (AuditDraft draft : drafts) {
                if (draft.sourceKey() != null && !recorded.add(draft.sourceKey())) {
                    continue; // recorded before, or earlier in this batch
                }
                seq++;
                Instant occurred = Canonical.stored(draft.occurredAt() == null ? now : draft.occurredAt());
                UUID id = UUID.randomUUID();
                String details = Canonical.details(draft.details());
                Canonical.Fields fields = new Canonical.Fields(tenant.value(), seq, id.toString(), occurred, now,
                        draft.category(), draft.action(), draft.actor(), draft.target(), draft.outcome(),
                        draft.sourceIp(), draft.userAgent(), details);
                byte[] salt = new byte[32];
                RANDOM.nextBytes(salt);
                byte[] personal = Canonical.personalDigest(salt, fields);
                byte[] hash = Canonical.link(previous, fields, personal);
                rows.add(new Row(draft, seq, id, utc(occurred), details, previous, hash, personal, salt));
                previous = hash;
            }
            if (rows.isEmpty()) {
                return 0;
            }
            OffsetDateTime recordedAt = utc(now);
            batch.batchUpdate(INSERT, rows, rows.size(), (ps, row) -> row.bind(ps, tenant.value(), recordedAt));
            jdbc.sql("update audit_chain set seq = ?, hash = ?, updated_at = ? where tenant_id = ?")
                    .params(seq, previous, recordedAt, tenant.value()).update();
            return rows.size();
        }));
    }

    /** One entry of a batch, linked and ready to insert. */
    private record Row(AuditDraft draft, long seq, UUID id, OffsetDateTime occurred, String details, byte[] previous,
            byte[] hash, byte[] personal, byte[] salt) {

        void bind(PreparedStatement ps, String tenant, OffsetDateTime recordedAt) throws SQLException {
            int i = 1;
            ps.setString(i++, tenant);
            ps.setLong(i++, seq);
            ps.setObject(i++, id);
            ps.setObject(i++, occurred);
            ps.setObject(i++, recordedAt);
            ps.setString(i++, draft.category());
            ps.setString(i++, draft.action());
            ps.setString(i++, draft.actor());
            ps.setString(i++, draft.target());
            ps.setString(i++, draft.outcome());
            ps.setString(i++, draft.sourceIp());
            ps.setString(i++, draft.userAgent());
            ps.setString(i++, details);
            ps.setBytes(i++, previous);
            ps.setBytes(i++, hash);
            ps.setBytes(i++, personal);
            ps.setBytes(i++, salt);
            ps.setString(i++, draft.sourceKey());
            ps.setString(i, requestId(draft));
        }

        /** The exchange an entry is about, for data lineage: its details' request id when that is text. */
        private static String requestId(AuditDraft draft) {
            return draft.details().get("request_id") instanceof String id ? id : null;
        }
    }

    private Head lockHead(TenantId tenant) {
        jdbc.sql("insert into audit_chain (tenant_id, seq, hash, updated_at) values (?, 0, ?, now()) "
                + "on conflict (tenant_id) do nothing").params(tenant.value(), Canonical.GENESIS).update();
        return jdbc.sql("select seq, hash from audit_chain where tenant_id = ? for update").param(tenant.value())
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2))).single();
    }

    /** Which of the drafts' source keys are recorded already: one query for the batch. */
    private Set<String> recordedAmong(TenantId tenant, List<AuditDraft> drafts) {
        String[] keys = drafts.stream().map(AuditDraft::sourceKey).filter(Objects::nonNull).distinct()
                .toArray(String[]::new);
        Set<String> recorded = new HashSet<>();
        if (keys.length > 0) {
            recorded.addAll(jdbc.sql("select source_key from audit_entry where tenant_id = ? and source_key = any (?)")
                    .params(tenant.value(), keys).query(String.class).list());
        }
        return recorded;
    }

    /** The chain head as last written (what an append would link to). */
    public Head head(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select seq, hash from audit_chain where tenant_id = ?")
                .param(tenant.value()).query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2))).optional()
                .orElse(new Head(0, Canonical.GENESIS)));
    }

    /** Up to {@code limit} entries after {@code afterSeq}, in chain order. */
    public List<AuditEntry> after(TenantId tenant, long afterSeq, int limit) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS
                        + " from audit_entry where tenant_id = ? and seq > ? order by seq limit ?")
                .params(tenant.value(), afterSeq, limit).query((rs, n) -> entry(rs)).list());
    }

    /** The smallest number still in the chain (retention may have removed the first ones), if any. */
    public Optional<Long> firstSeq(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select min(seq) from audit_entry where tenant_id = ?")
                .param(tenant.value()).query((rs, n) -> rs.getObject(1) == null ? null : rs.getLong(1)).optional());
    }

    /** Entries matching a query, for reading and export. */
    public List<AuditEntry> find(TenantId tenant, String where, List<Object> params, String order, int limit) {
        List<Object> all = new ArrayList<>();
        all.add(tenant.value());
        all.addAll(params);
        all.add(limit);
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS + " from audit_entry where tenant_id = ?"
                + where + " order by seq " + order + " limit ?").params(all).query((rs, n) -> entry(rs)).list());
    }

    /** How many entries match a query. */
    public long count(TenantId tenant, String where, List<Object> params) {
        List<Object> all = new ArrayList<>();
        all.add(tenant.value());
        all.addAll(params);
        return TenantContext.call(tenant, () -> jdbc.sql("select count(*) from audit_entry where tenant_id = ?" + where)
                .params(all).query(Long.class).single());
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getString("tenant_id"), rs.getLong("seq"), rs.getObject("id", UUID.class),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), rs.getString("category"),
                rs.getString("action"), rs.getString("actor"), rs.getString("target"), rs.getString("outcome"),
                rs.getString("source_ip"), rs.getString("user_agent"), rs.getString("details"),
                Canonical.hex(rs.getBytes("prev_hash")), Canonical.hex(rs.getBytes("hash")),
                Canonical.hex(rs.getBytes("personal_digest")), Canonical.hex(rs.getBytes("salt")),
                rs.getObject("erased_at") == null ? null : rs.getObject("erased_at", OffsetDateTime.class).toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The fields of a stored entry, as hashed. */
    public static Canonical.Fields fields(AuditEntry e) {
        return new Canonical.Fields(e.tenantId(), e.seq(), e.id().toString(), e.occurredAt(), e.recordedAt(),
                e.category(), e.action(), e.actor(), e.target(), e.outcome(), e.sourceIp(), e.userAgent(), e.details());
    }
}
