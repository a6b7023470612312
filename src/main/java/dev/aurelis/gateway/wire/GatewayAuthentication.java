package dev.aurelis.gateway.wire;

import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.KeyCheck;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/** Finds the caller's key where each SDK puts it: {@code Authorization: Bearer}, {@code x-api-key} or {@code api-key}. */
@Component
public class GatewayAuthentication {

    private final ApiKeys keys;

    GatewayAuthentication(ApiKeys keys) {
        this.keys = keys;
    }

    public Caller authenticate(HttpServletRequest request) {
        String presented = null;
        String authorization = request.getHeader("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).strip();
        }
        if (presented == null || presented.isEmpty()) {
            presented = request.getHeader("x-api-key");
        }
        if (presented == null || presented.isEmpty()) {
            presented = request.getHeader("api-key");
        }
        KeyCheck check = keys.authenticate(presented);
        if (!check.accepted()) {
            throw new GatewayError(GatewayError.Kind.AUTHENTICATION, check.refusal());
        }
        return check.caller();
    }
}
