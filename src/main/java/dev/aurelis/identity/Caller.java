package dev.aurelis.identity;

import dev.aurelis.tenancy.TenantId;
import java.util.Set;
import java.util.UUID;

/**
 * An authenticated caller: the key's owner and everything its spend is attributed to, with the permissions
 * and model allow-list that apply. Built once per key change and served from memory on the hot path.
 */
public record Caller(TenantId tenantId, UUID userId, String email, UUID keyId, String keyPrefix, String team,
        String department, String costCenter, String project, Set<String> roles, Set<String> permissions,
        Set<String> allowedModels) {

    public boolean has(String permission) {
        return dev.aurelis.access.Permission.granted(permissions, permission);
    }

    /** Whether the team's allow-list admits {@code model}; an empty allow-list admits every model. */
    public boolean mayUseModel(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }
}
