package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import dev.aurelis.tenancy.TenantId;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The second factor an account owes at sign-in, whatever the first factor was: an account with a factor enrolled
 * presents it, and a break-glass account under {@code security.mfa_required} enrols one first; unless the identity
 * provider asserted MFA in a way its configuration accepts ({@code mfa_amr_values}, {@code mfa_acr_values},
 * {@code mfa_authn_contexts}). Other accounts leave MFA to their identity provider.
 */
@Component
class AccountMfa {

    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final SignIn signIn;

    AccountMfa(SecondFactors factors, Passkeys passkeys, SignIn signIn) {
        this.factors = factors;
        this.passkeys = passkeys;
        this.signIn = signIn;
    }

    MfaState stateFor(TenantId tenant, UUID userId, boolean breakGlass, boolean providerDidMfa) {
        if (factors.hasTotp(tenant, userId) || passkeys.hasCredential(tenant, userId)) {
            return providerDidMfa ? MfaState.NOT_NEEDED : MfaState.PENDING;
        }
        if (breakGlass && signIn.settings().mfaRequired()) {
            return providerDidMfa ? MfaState.NOT_NEEDED : MfaState.ENROLMENT_REQUIRED;
        }
        return MfaState.NOT_NEEDED;
    }
}
