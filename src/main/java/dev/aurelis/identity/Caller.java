package dev.aurelis.identity;

import dev.aurelis.access.Grantor;
import dev.aurelis.access.Grants;
import dev.aurelis.access.Scope;
import dev.aurelis.tenancy.TenantId;
import java.util.Set;
import java.util.UUID;

/**
 * An authenticated caller: the key's owner and everything its spend is attributed to, with the grants (roles,
 * permissions and their reach) and model allow-list that apply. Built once per key change and served from
 * memory on the hot path.
 */
public record Caller(TenantId tenantId, UUID userId, String email, UUID keyId, String keyPrefix, String team,
        String department, String costCenter, String project, Grants grants, Set<String> allowedModels) {

    public Caller {
        allowedModels = Set.copyOf(allowedModels);
    }

    public boolean has(String permission) {
        return grants.has(permission);
    }

    /** Where {@code permission} reaches for this caller; see {@link Grants#scopeOf}. */
    public Scope scopeOf(String permission) {
        return grants.scopeOf(permission);
    }

    public Set<String> roles() {
        return grants.roles();
    }

    /** Every permission held, with what each implies. */
    public Set<String> permissions() {
        return grants.permissions();
    }

    /** This caller as someone who grants roles or issues keys: only what they hold themselves. */
    public Grantor asGrantor() {
        return Grantor.person(email, grants);
    }

    /** Whether the team's allow-list admits {@code model}; an empty allow-list admits every model. */
    public boolean mayUseModel(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }
}
