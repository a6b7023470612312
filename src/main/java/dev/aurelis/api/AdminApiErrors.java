package dev.aurelis.api;

import dev.aurelis.access.AccessConflict;
import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.AccessRefused;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.UserConflict;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.aurelis.storage.DurableEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import dev.aurelis.storage.DatabaseFailures;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Answers admin API errors as {@code {"error":{"message":…,"type":…}}} with a fitting status. */
@RestControllerAdvice(basePackages = {"dev.aurelis.identity", "dev.aurelis.api", "dev.aurelis.configuration",
        "dev.aurelis.alerting", "dev.aurelis.onboarding", "dev.aurelis.workflows", "dev.aurelis.audit", "dev.aurelis.compliance", "dev.aurelis.privacy", "dev.aurelis.webhooks",
        "dev.aurelis.workspaces", "dev.aurelis.collaboration", "dev.aurelis.routing"})
class AdminApiErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminApiErrors.class);

    private final DurableEvents events;

    AdminApiErrors(DurableEvents events) {
        this.events = events;
    }

    @ExceptionHandler({AccessConflict.class, UserConflict.class})
    ResponseEntity<Map<String, Object>> conflict(RuntimeException e) {
        return error(HttpStatus.CONFLICT, "conflict_error", e.getMessage());
    }

    /** A refusal past the URL's permission: out of the caller's reach, or a grant they do not hold. */
    @ExceptionHandler(AccessDenied.class)
    ResponseEntity<Map<String, Object>> denied(AccessDenied e, HttpServletRequest request) {
        AdminCallers.currentIfAny().ifPresent(caller -> events.publish(new AccessRefused(caller.tenantId().value(),
                caller.userId(), caller.email(), request.getMethod(), request.getRequestURI(), null, e.getMessage())));
        return error(HttpStatus.FORBIDDEN, "permission_error", e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, java.time.DateTimeException.class, ArithmeticException.class})
    ResponseEntity<Map<String, Object>> invalid(RuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request_error", e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<Map<String, Object>> notFound(NoSuchElementException e) {
        return error(HttpStatus.NOT_FOUND, "not_found_error", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request_error",
                "The request body is not valid JSON of the expected shape: " + rootMessage(e));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request_error",
                "'" + e.getValue() + "' is not a valid value for '" + e.getName() + "'.");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request_error", "The parameter '" + e.getParameterName() + "' is required.");
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, Object>> unexpected(RuntimeException e) {
        if (DatabaseFailures.unavailable(e)) {
            log.warn("Admin API request refused: the database does not answer ({})", DatabaseFailures.reason(e));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("retry-after", "5")
                    .body(Map.of("error", Map.of("message", DatabaseFailures.UNAVAILABLE_MESSAGE,
                            "type", DatabaseFailures.UNAVAILABLE_TYPE)));
        }
        log.error("Admin API request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "api_error", "The request failed inside Aurelis; the log has the details.");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String type, String message) {
        return ResponseEntity.status(status).body(Map.of("error", Map.of("message", message == null ? status.getReasonPhrase() : message, "type", type)));
    }
}
