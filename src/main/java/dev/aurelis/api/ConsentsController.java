package dev.aurelis.api;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.privacy.Consent;
import dev.aurelis.privacy.Consents;
import dev.aurelis.tenancy.TenantContext;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Consent management ({@code compliance.consent_management}, docs/privacy.md): {@code GET/PUT /api/v1/me/consents}
 * read and change the caller's own consents (anyone who may use models); {@code GET /api/v1/privacy/consents?user=}
 * shows a person's to an administrator with {@code security:manage}. With the switch off both answer 409.
 */
@RestController
class ConsentsController {

    private final Consents consents;

    ConsentsController(Consents consents) {
        this.consents = consents;
    }

    record ConsentList(List<Consent> consents) {
    }

    record ConsentDecision(String purpose, Boolean given, String policyVersion) {
    }

    @GetMapping("/api/v1/me/consents")
    ConsentList mine() {
        Caller caller = AdminCallers.current();
        if (caller.userId() == null) {
            throw new IllegalArgumentException("Only a person has consents: this key belongs to no user.");
        }
        return new ConsentList(consents.of(caller.tenantId(), caller.userId()));
    }

    @PutMapping("/api/v1/me/consents")
    ConsentList decide(@RequestBody(required = false) ConsentDecision decision) {
        if (decision == null) {
            throw new IllegalArgumentException("Send {\"purpose\": \"content_logging\", \"given\": true|false, "
                    + "\"policy_version\": \"…\"}.");
        }
        Caller caller = AdminCallers.current();
        return new ConsentList(consents.decide(caller.tenantId(), caller.userId(), caller.email(), decision.purpose(),
                decision.given(), decision.policyVersion()));
    }

    @GetMapping("/api/v1/privacy/consents")
    ConsentList ofUser(@RequestParam("user") String user) {
        return new ConsentList(consents.ofUser(TenantContext.require(), user));
    }

    @ExceptionHandler(Consents.ConsentManagementOff.class)
    ResponseEntity<Map<String, Object>> off(Consents.ConsentManagementOff e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Map.of("error", Map.of("message", e.getMessage(), "type", "conflict_error")));
    }
}
