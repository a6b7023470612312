package dev.aurelis.onboarding.steps;

import dev.aurelis.configuration.Security;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code configure_security_policies}: sign-in enforces what {@code security} declares: multi-factor
 * authentication when {@code mfa_required}, and the declared session timeout.
 */
@Component
class SecurityPoliciesStep implements OnboardingStep {

    private final SignIn signIn;

    SecurityPoliciesStep(SignIn signIn) {
        this.signIn = signIn;
    }

    @Override
    public String name() {
        return "configure_security_policies";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        Security security = context.config().security();
        SignInSettings serving = signIn.settings();
        if (security.mfaRequired() && serving.mfa().enforcement() == SignInSettings.MfaEnforcement.OPTIONAL) {
            throw new StepFailed("security.mfa_required is declared but sign-in leaves MFA optional; restart the "
                    + "server with this configuration.");
        }
        if (security.sessionTimeout() != null
                && !Duration.ofSeconds(security.sessionTimeout()).equals(serving.sessionTimeout())) {
            throw new StepFailed("security.session_timeout is " + security.sessionTimeout() + " s but sessions last "
                    + serving.sessionTimeout().toSeconds() + " s; restart the server with this configuration.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mfa_enforcement", serving.mfa().enforcement().name().toLowerCase(java.util.Locale.ROOT));
        result.put("session_timeout_seconds", serving.sessionTimeout().toSeconds());
        result.put("encryption_in_transit", security.encryptionInTransit());
        result.put("key_rotation_days", security.keyRotationDays());
        return result;
    }
}
