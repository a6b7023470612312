package dev.aurelis.identity;

import dev.aurelis.identity.signin.LocalAccounts;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sets the password of a local (break-glass) account. Under {@code /api/**}, so only {@code admin:full} may;
 * the password is never returned or logged.
 */
@RestController
@RequestMapping("/api/v1/local-accounts")
class LocalAccountsController {

    private final LocalAccounts accounts;

    LocalAccountsController(LocalAccounts accounts) {
        this.accounts = accounts;
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
        accounts.setPassword(admin.tenantId(), body.email(), body.password());
        return ResponseEntity.ok(Map.of("email", body.email().strip().toLowerCase(java.util.Locale.ROOT), "local", true));
    }
}
