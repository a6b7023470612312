package dev.aurelis.identity;

import java.util.UUID;

/**
 * A security event: a sign-in through an outside provider was refused because its identity would have reached an
 * existing account it is not bound to. {@code userId} and {@code email} name that account; {@code reason} is
 * {@code unverified_email} (the provider did not vouch for the address), {@code linking_disabled} (the provider's
 * {@code link_by_email} is off), {@code local_account} (a break-glass or bootstrap account, never linked by e-mail)
 * or {@code bound_to_other_identity} (the account already belongs to another identity at this provider). An
 * administrator who knows the person is the account's owner links them explicitly.
 */
public record IdentityLinkRefused(String tenantId, String method, String issuer, String subject, UUID userId,
        String email, String reason) {
}
