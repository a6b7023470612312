package dev.aurelis.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated caller of the current admin API request. */
public final class AdminCallers {

    private AdminCallers() {
    }

    /** The caller, if the current request was authenticated by an API key. */
    public static java.util.Optional<Caller> currentIfAny() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth instanceof AdminSecurity.KeyAuthentication key ? java.util.Optional.of(key.caller())
                : java.util.Optional.empty();
    }

    public static Caller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof AdminSecurity.KeyAuthentication key) {
            return key.caller();
        }
        throw new IllegalStateException("No authenticated admin caller");
    }
}
