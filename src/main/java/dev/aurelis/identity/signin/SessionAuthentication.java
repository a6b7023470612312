package dev.aurelis.identity.signin;

import dev.aurelis.identity.Caller;
import dev.aurelis.identity.CallerAuthentication;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A person signed in through a browser session that passed every factor it needs. */
public final class SessionAuthentication extends AbstractAuthenticationToken implements CallerAuthentication {

    private final Caller caller;
    private final UUID sessionId;
    private final String method;

    SessionAuthentication(Caller caller, UUID sessionId, String method) {
        super(caller.permissions().stream().map(SimpleGrantedAuthority::new).toList());
        this.caller = caller;
        this.sessionId = sessionId;
        this.method = method;
        setAuthenticated(true);
    }

    @Override
    public Caller caller() {
        return caller;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public String method() {
        return method;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.email();
    }
}
