package dev.aurelis.identity;

import java.util.UUID;

/**
 * Published after an identity at an outside provider ({@code method} oidc, saml or ldap; its {@code issuer} and
 * {@code subject} there) was bound to an Aurelis account. {@code via} says how: {@code provisioned} (the account was
 * created at this first sign-in), {@code email} (a verified address matched an existing account) or {@code admin}
 * (an administrator linked it; {@code actor} names them).
 */
public record IdentityLinked(String tenantId, UUID userId, String email, String method, String issuer, String subject,
        String via, String actor) {
}
