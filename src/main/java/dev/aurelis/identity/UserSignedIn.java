package dev.aurelis.identity;

import java.util.UUID;

/**
 * Published when a person completed sign-in (including any second factor).
 *
 * @param method oidc, saml, ldap or local
 */
public record UserSignedIn(String tenantId, UUID userId, String email, String method, UUID sessionId) {
}
