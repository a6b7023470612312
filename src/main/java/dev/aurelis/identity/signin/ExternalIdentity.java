package dev.aurelis.identity.signin;

import java.util.List;

/**
 * Who an outside provider says signed in: its method (oidc, saml, ldap), the provider's identifier (issuer,
 * IdP entity id, directory URL), the person's stable identifier there, and what it says about them.
 *
 * @param emailVerified whether the provider vouches that the address is the person's (OIDC {@code email_verified},
 *                      or a provider configured as authoritative for e-mail); only then may it create or reach an
 *                      account by e-mail
 * @param mfaAsserted   whether the provider says it did multi-factor authentication in a way the configuration
 *                      accepts ({@code amr}/{@code acr}, SAML authentication context)
 */
public record ExternalIdentity(String method, String issuer, String subject, String email, String displayName,
        List<String> groups, boolean emailVerified, boolean mfaAsserted) {

    public ExternalIdentity {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
