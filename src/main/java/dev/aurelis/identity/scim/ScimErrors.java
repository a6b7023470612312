package dev.aurelis.identity.scim;

import dev.aurelis.identity.UserConflict;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import dev.aurelis.storage.DatabaseFailures;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.node.ObjectNode;

/** Answers every error of the SCIM endpoints with a SCIM error body (RFC 7644 §3.12). */
@RestControllerAdvice(basePackageClasses = ScimErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScimErrors {

    private static final Logger log = LoggerFactory.getLogger(ScimErrors.class);

    @ExceptionHandler(ScimException.class)
    ResponseEntity<ObjectNode> scim(ScimException e) {
        return error(e.status(), e.scimType(), e.getMessage());
    }

    @ExceptionHandler(UserConflict.class)
    ResponseEntity<ObjectNode> conflict(UserConflict e) {
        return error(409, "uniqueness", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ObjectNode> invalid(IllegalArgumentException e) {
        return error(400, "invalidValue", e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<ObjectNode> notFound(NoSuchElementException e) {
        return error(404, null, e.getMessage());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ObjectNode> unreadable(Exception e) {
        return error(400, "invalidSyntax", "The request is not valid SCIM JSON: " + firstLine(e.getMessage()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ObjectNode> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(415, null, "Send the body as application/scim+json or application/json.");
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ObjectNode> unexpected(RuntimeException e) {
        if (DatabaseFailures.unavailable(e)) {
            log.warn("SCIM request refused: the database does not answer ({})", DatabaseFailures.reason(e));
            return error(503, null, DatabaseFailures.UNAVAILABLE_MESSAGE);
        }
        log.error("SCIM request failed", e);
        return error(500, null, "The request failed inside Aurelis; the log has the details.");
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    static ResponseEntity<ObjectNode> error(int status, String scimType, String detail) {
        ObjectNode body = ScimResources.JSON.createObjectNode();
        body.putArray("schemas").add(ScimResources.ERROR);
        body.put("status", String.valueOf(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail == null ? "" : detail);
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(ScimResources.MEDIA_TYPE)).body(body);
    }
}
