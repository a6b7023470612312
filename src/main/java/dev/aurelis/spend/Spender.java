package dev.aurelis.spend;

import java.util.Set;
import java.util.UUID;

/** Who spends in an exchange, with everything budgets and rate limits may be set on. */
public record Spender(String tenantId, UUID userId, String email, UUID keyId, String team, String department,
        String costCenter, String project, Set<String> roles) {

    public Spender {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
