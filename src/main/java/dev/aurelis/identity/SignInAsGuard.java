package dev.aurelis.identity;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Grants;
import dev.aurelis.access.Subject;
import java.util.HashSet;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Whoever sets an account's password or links an outside identity to it can then sign in as that person, so the
 * caller must hold every permission the account has: nobody hands out a way into an account whose grants exceed
 * their own.
 */
@Component
class SignInAsGuard {

    private final AccessPolicy access;

    SignInAsGuard(AccessPolicy access) {
        this.access = access;
    }

    /**
     * Refuses unless {@code caller} holds the grants of {@code account} (null: a person not known yet) as far as
     * they reach: the escalation check of {@link AccessPolicy#requireMayConfer}.
     */
    void require(Caller caller, User account, String email, String action) {
        Grants grants = access.grantsOf(caller.tenantId(), new Subject(account == null ? null : account.id(), List.of(),
                null, new HashSet<>(account == null ? List.of() : account.teams())));
        access.requireMayConfer(caller.asGrantor(), caller.tenantId(), grants.grants(), action + " " + email
                + " (signing in as them)");
    }
}
