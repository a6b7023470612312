package dev.aurelis.identity.signin;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.SignInSettings.MfaMethod;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The second factor an account owes at sign-in, whatever the first factor was (ADR 0050). An account with a factor
 * of an allowed method ({@code security.mfa_methods}) presents it; one that has only factors of methods no longer
 * allowed enrols an allowed one; an account that {@code security.mfa_enforcement} covers (everyone, administrators,
 * or local accounts, which {@code mfa_required} alone means) enrols one first. The identity provider's own MFA counts
 * instead where its configuration accepts it ({@code mfa_amr_values}, {@code mfa_acr_values},
 * {@code mfa_authn_contexts}). Others sign in with their first factor.
 */
@Component
class AccountMfa {

    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final SignIn signIn;
    private final UserCallers callers;
    private final AccessPolicy access;

    AccountMfa(SecondFactors factors, Passkeys passkeys, SignIn signIn, UserCallers callers, AccessPolicy access) {
        this.factors = factors;
        this.passkeys = passkeys;
        this.signIn = signIn;
        this.callers = callers;
        this.access = access;
    }

    MfaState stateFor(TenantId tenant, UUID userId, boolean localAccount, boolean providerDidMfa) {
        SignInSettings.Mfa policy = signIn.settings().mfa();
        boolean totp = factors.hasTotp(tenant, userId);
        boolean webauthn = passkeys.hasCredential(tenant, userId);
        if ((totp && policy.allows(MfaMethod.TOTP)) || (webauthn && policy.allows(MfaMethod.WEBAUTHN))) {
            return providerDidMfa ? MfaState.NOT_NEEDED : MfaState.PENDING;
        }
        // a person who chose a second factor keeps one when the policy drops their method
        if (totp || webauthn || policy.requires(localAccount, () -> administrator(tenant, userId))) {
            return providerDidMfa ? MfaState.NOT_NEEDED : MfaState.ENROLMENT_REQUIRED;
        }
        return MfaState.NOT_NEEDED;
    }

    /** Holds a role that administers Aurelis, through their own bindings or their teams. */
    private boolean administrator(TenantId tenant, UUID userId) {
        return TenantContext.call(tenant, () -> callers.of(tenant, userId).map(Caller::roles).orElse(java.util.Set.of())
                .stream().anyMatch(role -> access.isAdministrative(tenant, role)));
    }
}
