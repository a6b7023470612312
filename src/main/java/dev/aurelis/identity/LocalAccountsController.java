package dev.aurelis.identity;

import dev.aurelis.identity.signin.LocalAccounts;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sets the password of a local (break-glass) account. Requires {@code security:manage} (authorization matrix);
 * whoever knows the password signs in as that person, so nobody may set it for someone whose grants exceed
 * their own. The password is never returned or logged.
 */
@RestController
@RequestMapping("/api/v1/local-accounts")
class LocalAccountsController {

    private final LocalAccounts accounts;
    private final Users users;
    private final SignInAsGuard guard;

    LocalAccountsController(LocalAccounts accounts, Users users, SignInAsGuard guard) {
        this.accounts = accounts;
        this.users = users;
        this.guard = guard;
    }

    record SetPassword(String email, String password) {
        @Override
        public String toString() {
            return "SetPassword[" + email + "]";
        }
    }

    @PutMapping
    ResponseEntity<Map<String, Object>> setPassword(@RequestBody(required = false) SetPassword body) {
        if (body == null || body.email() == null || !body.email().contains("@")) {
            throw new IllegalArgumentException("'email' (the account's e-mail address) is required.");
        }
        Caller admin = AdminCallers.current();
        Optional<User> existing = users.findByEmail(admin.tenantId(), body.email());
        existing.filter(u -> !u.active()).ifPresent(u -> {
            throw new IllegalArgumentException("The user " + u.email() + " is de-provisioned (" + u.status()
                    + "); a password for them would not work.");
        });
        guard.require(admin, existing.orElse(null), body.email().strip(), "set the password of");
        accounts.setPassword(admin.tenantId(), body.email(), body.password(), "api", admin.email());
        return ResponseEntity.ok(Map.of("email", body.email().strip().toLowerCase(java.util.Locale.ROOT), "local", true));
    }
}
