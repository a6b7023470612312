package dev.aurelis.identity.signin;

import dev.aurelis.tenancy.TenantId;
import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A session whose password was accepted but whose second factor is still outstanding. It grants no permission:
 * only the MFA endpoints accept it.
 */
public final class PendingMfaAuthentication extends AbstractAuthenticationToken {

    private final TenantId tenantId;
    private final UUID userId;
    private final String email;
    private final UUID sessionId;
    private final MfaState state;

    PendingMfaAuthentication(TenantId tenantId, UUID userId, String email, UUID sessionId, MfaState state) {
        super(List.of());
        this.tenantId = tenantId;
        this.userId = userId;
        this.email = email;
        this.sessionId = sessionId;
        this.state = state;
        setAuthenticated(true);
    }

    public TenantId tenantId() {
        return tenantId;
    }

    public UUID userId() {
        return userId;
    }

    public String email() {
        return email;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public MfaState state() {
        return state;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return email;
    }

    @Override
    public String getName() {
        return email;
    }
}
