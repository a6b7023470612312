package dev.aurelis.identity;

import java.util.UUID;

/**
 * Published after a user was created: {@code via} says how ({@code scim}, {@code api}, {@code configuration},
 * {@code first_mention} when a key was issued for a new e-mail address).
 */
public record UserProvisioned(String tenantId, UUID userId, String email, String via, String actor) {
}
