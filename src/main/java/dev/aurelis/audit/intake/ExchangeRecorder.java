package dev.aurelis.audit.intake;

import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.spend.LedgerCursor;
import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.spend.LedgerPage;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records every gateway exchange's metadata (never its content) by following the usage ledger's feed in commit order,
 * a page at a time: the gateway writes its ledger record as it always does and never waits on the trail. Each ledger
 * record is recorded once (its id is the entry's source key), so a page read twice after a crash adds nothing.
 */
@Component
public class ExchangeRecorder {

    static final int PAGE = 500;

    private final LedgerFeed feed;
    private final AuditLog auditLog;
    private final AuditSettings settings;
    private final JdbcClient jdbc;

    ExchangeRecorder(LedgerFeed feed, AuditLog auditLog, AuditSettings settings, JdbcClient jdbc) {
        this.feed = feed;
        this.auditLog = auditLog;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    /** Records what the feed has for {@code tenant}; returns how many exchanges' records were read. */
    public int catchUp(TenantId tenant) {
        if (!settings.recordsExchanges()) {
            return 0;
        }
        int read = 0;
        LedgerCursor cursor = cursor(tenant);
        while (true) {
            LedgerPage page = feed.after(tenant, cursor, PAGE);
            if (page.records().isEmpty()) {
                return read;
            }
            List<AuditDraft> drafts = new ArrayList<>(page.records().size());
            page.records().forEach(r -> drafts.add(draft(r)));
            auditLog.append(tenant, drafts);
            cursor = page.next();
            save(tenant, cursor);
            read += page.records().size();
            if (!page.full()) {
                return read;
            }
        }
    }

    static AuditDraft draft(UsageRecord r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("request_id", r.requestId());
        d.put("ledger_record_id", r.id());
        d.put("user_id", r.userId());
        d.put("key_id", r.keyId());
        d.put("team", r.team());
        d.put("project", r.project());
        d.put("model_requested", r.modelRequested());
        d.put("model_served", r.modelServed());
        d.put("provider", r.provider());
        d.put("endpoint", r.endpoint());
        d.put("client_tool", r.clientTool());
        d.put("task", r.task());
        d.put("streamed", r.streamed());
        d.put("status", r.status());
        d.put("error_type", r.errorType());
        d.put("attempt", r.attempt());
        d.put("retried", r.retried());
        d.put("input_tokens", r.usage().inputTokens());
        d.put("output_tokens", r.usage().outputTokens());
        d.put("cached_tokens", r.usage().cachedInputTokens());
        d.put("cost", r.cost());
        d.put("currency", r.currency());
        d.put("priced", r.priced());
        d.put("latency_ms", r.latencyMs());
        d.put("route", r.route());
        boolean ok = r.status() > 0 && r.status() < 400;
        String actor = r.userEmail() != null ? r.userEmail() : r.keyId() == null ? null : "key:" + r.keyId();
        return new AuditDraft(r.tenantId(), r.createdAt(), "exchange", ok ? "exchange.completed" : "exchange.failed",
                actor, "model:" + (r.modelServed() != null ? r.modelServed() : r.modelRequested()),
                ok ? AuditDraft.SUCCESS : AuditDraft.FAILURE, null, null, d, "usage:" + r.id());
    }

    private LedgerCursor cursor(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql(
                        "select cursor_xid, cursor_id from audit_feed_cursor where tenant_id = ?").param(tenant.value())
                .query((rs, n) -> new LedgerCursor(rs.getLong(1), rs.getObject(2, UUID.class))).optional()
                .orElse(LedgerCursor.START));
    }

    private void save(TenantId tenant, LedgerCursor cursor) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                insert into audit_feed_cursor (tenant_id, cursor_xid, cursor_id) values (?, ?, ?)
                on conflict (tenant_id) do update set cursor_xid = excluded.cursor_xid, cursor_id = excluded.cursor_id""")
                .params(tenant.value(), cursor.transaction(), cursor.id()).update());
    }
}
