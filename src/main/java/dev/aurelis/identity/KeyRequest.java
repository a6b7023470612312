package dev.aurelis.identity;

import dev.aurelis.tenancy.TenantId;
import java.time.Instant;
import java.util.List;

/** A request to issue a key for a user (created on first mention) in a team. */
public record KeyRequest(TenantId tenantId, String userEmail, String team, String project, String name,
        Instant expiresAt, List<String> roles) {

    public KeyRequest {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
