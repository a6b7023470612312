package dev.aurelis.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated caller of the current admin API request: by API key or by a signed-in session. */
public final class AdminCallers {

    private AdminCallers() {
    }

    /** The caller, if the current request was authenticated (by an API key or a signed-in session). */
    public static java.util.Optional<Caller> currentIfAny() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth instanceof CallerAuthentication caller ? java.util.Optional.of(caller.caller())
                : java.util.Optional.empty();
    }

    public static Caller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof CallerAuthentication caller) {
            return caller.caller();
        }
        throw new IllegalStateException("No authenticated admin caller");
    }
}
