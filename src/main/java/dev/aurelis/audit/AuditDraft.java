package dev.aurelis.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An entry to record, before it has its place in the chain.
 *
 * @param sourceKey identifies what it was recorded from when that has an identity (a ledger record), so it is recorded
 *                  once however often it is offered; null otherwise
 * @param details   particulars; values are strings, numbers, booleans, lists or maps of those (never secrets)
 */
public record AuditDraft(String tenantId, Instant occurredAt, String category, String action, String actor,
        String target, String outcome, String sourceIp, String userAgent, Map<String, Object> details,
        String sourceKey) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String REFUSED = "refused";

    public AuditDraft {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? Map.of() : details;
    }

    public static AuditDraft of(String tenantId, String category, String action, String actor, String target,
            String outcome, Map<String, Object> details) {
        return new AuditDraft(tenantId, null, category, action, actor, target, outcome, null, null, details, null);
    }

    public AuditDraft from(String ip, String agent) {
        return new AuditDraft(tenantId, occurredAt, category, action, actor, target, outcome, ip, agent, details,
                sourceKey);
    }
}
