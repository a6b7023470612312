package dev.aurelis.identity;

import java.util.UUID;

/** Published after an administrator removed the binding of an outside identity from an account. */
public record IdentityUnlinked(String tenantId, UUID userId, String email, String method, String issuer,
        String subject, String actor) {
}
