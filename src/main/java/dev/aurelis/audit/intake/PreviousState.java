package dev.aurelis.audit.intake;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state a target had before a change: the {@code after} of the last entry that changed it. Changes to roles and
 * allow-lists carry their new state, so the trail itself knows every earlier one (configuration applies included).
 */
@Component
class PreviousState {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    PreviousState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Object> of(TenantId tenant, String target) {
        if (target == null) {
            return null;
        }
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        select details from audit_entry where tenant_id = ? and target = ? and category = 'admin'
                        order by seq desc limit 1""").params(tenant.value(), target).query(String.class).optional()
                .map(details -> JSON.readValue(details, new TypeReference<Map<String, Object>>() { }))
                .map(details -> details.get("after"))
                .filter(Map.class::isInstance)
                .map(after -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> state = (Map<String, Object>) after;
                    return state;
                })
                .orElse(null));
    }
}
