package dev.aurelis.identity;

import dev.aurelis.tenancy.TenantId;
import org.springframework.stereotype.Component;

/**
 * The sign-in methods in force. The configuration applier declares them at start; until then (and without a
 * configuration file) only local accounts can sign in.
 */
@Component
public class SignIn {

    private volatile SignInSettings settings = SignInSettings.localOnly(TenantId.of("default"));

    public void configure(SignInSettings settings) {
        this.settings = settings;
    }

    public SignInSettings settings() {
        return settings;
    }
}
