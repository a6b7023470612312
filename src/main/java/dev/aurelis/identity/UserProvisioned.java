package dev.aurelis.identity;

import java.util.UUID;

/**
 * Published after a user was created: {@code via} says how ({@code scim}, {@code api}, {@code configuration},
 * {@code bootstrap}, {@code first_mention} when a key was issued for a new e-mail address, or the sign-in method
 * {@code oidc}, {@code saml}, {@code ldap} when an identity provider or directory vouched for them at their first
 * sign-in) and {@code actor} who caused it (for a first sign-in, the provider's issuer or directory URL).
 */
public record UserProvisioned(String tenantId, UUID userId, String email, String via, String actor) {
}
