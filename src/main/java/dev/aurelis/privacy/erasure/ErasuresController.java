package dev.aurelis.privacy.erasure;

import dev.aurelis.privacy.ErasureReceipt;
import dev.aurelis.tenancy.TenantContext;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/privacy/erasures {"user": "…"}}: erases a person and answers 201 with the receipt. Requires
 * {@code security:manage}; acts for the caller's tenant.
 */
@RestController
class ErasuresController {

    private final Erasures erasures;

    ErasuresController(Erasures erasures) {
        this.erasures = erasures;
    }

    record ErasureRequest(String user) {
    }

    @PostMapping("/api/v1/privacy/erasures")
    ResponseEntity<ErasureReceipt> erase(@RequestBody(required = false) ErasureRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("The body must be a JSON object naming the user: {\"user\": \"…\"}");
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String actor = auth == null ? null : auth.getName();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(erasures.erase(TenantContext.require(), request.user(), actor));
    }

    @ExceptionHandler(Erasures.ErasureDisabled.class)
    ResponseEntity<Map<String, Object>> disabled(Erasures.ErasureDisabled e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Map.of("error", Map.of("message", e.getMessage(), "type", "conflict_error")));
    }
}
