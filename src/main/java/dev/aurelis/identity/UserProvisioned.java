package dev.aurelis.identity;

import java.util.UUID;

/** Published when a user was created at their first sign-in through an identity provider or directory. */
public record UserProvisioned(String tenantId, UUID userId, String email, String method, String issuer) {
}
