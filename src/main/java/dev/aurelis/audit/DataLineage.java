package dev.aurelis.audit;

import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.tenancy.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Data lineage ({@code compliance.data_lineage}): for an exchange, the chain from the request through the model asked
 * for, how it was routed and what served it, to the ledger record of each attempt, from the trail's entries that carry
 * its request id. Other modules link to an exchange by recording an entry whose details carry {@code request_id} (a
 * workflow run, with its repository, pull request and commit): such entries appear under {@code links}, and
 * {@link #byDetail} finds the exchanges behind, for example, a pull request.
 */
@Component
public class DataLineage {

    private static final int MAX_ENTRIES = 200;

    private final AuditLog auditLog;
    private final ActiveConfiguration configuration;

    DataLineage(AuditLog auditLog, ActiveConfiguration configuration) {
        this.auditLog = auditLog;
        this.configuration = configuration;
    }

    public boolean enabled() {
        return configuration.config().compliance().dataLineage();
    }

    /** The lineage of one exchange, if the trail has it. */
    public Optional<Map<String, Object>> of(TenantId tenant, String requestId) {
        List<AuditEntry> entries = auditLog.find(tenant, AuditLog.OF_REQUEST, List.of(requestId, requestId), "asc",
                MAX_ENTRIES);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("request_id", requestId);
        List<Map<String, Object>> attempts = new ArrayList<>();
        List<Map<String, Object>> links = new ArrayList<>();
        for (AuditEntry entry : entries) {
            JsonNode d = AuditFormats.details(entry);
            if (!entry.category().equals("exchange")) {
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("action", entry.action());
                link.put("at", entry.occurredAt().toString());
                link.put("actor", entry.actor());
                link.put("details", d);
                link.put("audit_seq", entry.seq());
                links.add(link);
                continue;
            }
            lineage.putIfAbsent("requested_at", entry.occurredAt().toString());
            lineage.putIfAbsent("user", entry.actor());
            lineage.putIfAbsent("key_id", text(d, "key_id"));
            lineage.putIfAbsent("team", text(d, "team"));
            lineage.putIfAbsent("project", text(d, "project"));
            lineage.putIfAbsent("client_tool", text(d, "client_tool"));
            lineage.putIfAbsent("task", text(d, "task"));
            lineage.putIfAbsent("model_requested", text(d, "model_requested"));
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("attempt", d.path("attempt").asInt(1));
            attempt.put("route", text(d, "route"));
            attempt.put("model_served", text(d, "model_served"));
            attempt.put("provider", text(d, "provider"));
            attempt.put("endpoint", text(d, "endpoint"));
            attempt.put("status", d.path("status").asInt());
            attempt.put("error_type", text(d, "error_type"));
            attempt.put("retried", d.path("retried").asBoolean(false));
            attempt.put("input_tokens", d.path("input_tokens").asLong());
            attempt.put("output_tokens", d.path("output_tokens").asLong());
            attempt.put("cost", text(d, "cost"));
            attempt.put("currency", text(d, "currency"));
            attempt.put("ledger_record", text(d, "ledger_record_id"));
            attempt.put("audit_seq", entry.seq());
            attempts.add(attempt);
        }
        lineage.put("attempts", attempts);
        lineage.put("links", links);
        return Optional.of(lineage);
    }

    /** The request ids of exchanges linked from entries whose details have {@code key} equal to {@code value}. */
    public Set<String> byDetail(TenantId tenant, String key, String value) {
        Set<String> ids = new LinkedHashSet<>();
        for (AuditEntry entry : auditLog.find(tenant, AuditLog.LINKS_AN_EXCHANGE + " and (details::jsonb) ->> ? = ?",
                List.of(key, value), "asc", MAX_ENTRIES)) {
            String id = AuditFormats.details(entry).path("request_id").asString(null);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String text(JsonNode d, String field) {
        JsonNode value = d.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }
}
