package dev.aurelis.identity.signin;

import java.util.List;

/**
 * Who an outside provider says signed in: its method (oidc, saml, ldap), the provider's identifier (issuer,
 * IdP entity id, directory URL), the person's stable identifier there, and what it says about them.
 */
public record ExternalIdentity(String method, String issuer, String subject, String email, String displayName,
        List<String> groups) {

    public ExternalIdentity {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
