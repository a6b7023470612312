package dev.aurelis.gateway.edge;

import dev.aurelis.gateway.wire.ErrorBodies;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.providers.WireFormat;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The error shape each family of paths speaks, so that an error raised before any controller runs (by Tomcat, by a
 * filter, by Spring's dispatch) still reaches the caller in the format its client parses: the Anthropic shape on
 * {@code /v1/messages}, OpenAI's elsewhere under {@code /v1}, the admin API's on {@code /api}, SCIM's on
 * {@code /scim}. Other paths (the console, sign-in pages) keep the server's own pages.
 */
enum ErrorShape {
    ANTHROPIC, OPENAI, ADMIN, SCIM, NONE,
    /** A request so malformed that its path is unknown: a body every API client reads as an error. */
    ANY;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ErrorShape of(String uri) {
        if (uri == null) {
            return NONE;
        }
        if (uri.startsWith("/v1/messages")) {
            return ANTHROPIC;
        }
        if (uri.startsWith("/v1/") || uri.equals("/v1")) {
            return OPENAI;
        }
        if (uri.startsWith("/api/")) {
            return ADMIN;
        }
        if (uri.startsWith("/scim/")) {
            return SCIM;
        }
        return NONE;
    }

    /** The body of an error answer with this status; for {@link #NONE} the admin API's shape. */
    byte[] body(int status, String message) {
        return body(status, message, null);
    }

    /**
     * The body of an error answer with this status and a type of its own ({@code database_unavailable}): the admin
     * API's {@code type}, OpenAI's {@code code}; Anthropic's and SCIM's shapes have no place for it beyond the status.
     */
    byte[] body(int status, String message, String ownType) {
        return switch (this) {
            case ANTHROPIC -> ErrorBodies.body(WireFormat.ANTHROPIC_MESSAGES, gatewayError(status, message, ownType));
            case OPENAI -> ErrorBodies.body(WireFormat.OPENAI_CHAT, gatewayError(status, message, ownType));
            case SCIM -> {
                ObjectNode root = JSON.createObjectNode();
                root.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
                root.put("status", Integer.toString(status));
                root.put("detail", message);
                yield JSON.writeValueAsBytes(root);
            }
            case ANY -> {
                ObjectNode root = JSON.createObjectNode();
                root.put("type", "error");
                ObjectNode error = root.putObject("error");
                error.put("type", ownType != null ? ownType : adminType(status));
                error.put("message", message);
                error.putNull("param");
                error.putNull("code");
                yield JSON.writeValueAsBytes(root);
            }
            case ADMIN, NONE -> {
                ObjectNode root = JSON.createObjectNode();
                ObjectNode error = root.putObject("error");
                error.put("message", message);
                error.put("type", ownType != null ? ownType : adminType(status));
                yield JSON.writeValueAsBytes(root);
            }
        };
    }

    String contentType() {
        return this == SCIM ? "application/scim+json" : "application/json";
    }

    private static GatewayError gatewayError(int status, String message, String ownType) {
        GatewayError.Kind kind = switch (status) {
            case 401 -> GatewayError.Kind.AUTHENTICATION;
            case 403 -> GatewayError.Kind.PERMISSION;
            case 404 -> GatewayError.Kind.NOT_FOUND;
            case 413 -> GatewayError.Kind.TOO_LARGE;
            case 429 -> GatewayError.Kind.RATE_LIMITED;
            case 502 -> GatewayError.Kind.UPSTREAM;
            case 503, 529 -> GatewayError.Kind.UNAVAILABLE;
            case 504 -> GatewayError.Kind.TIMEOUT;
            default -> status >= 500 ? GatewayError.Kind.INTERNAL : GatewayError.Kind.INVALID_REQUEST;
        };
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 411 -> "length_required";
            case 413 -> "request_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "request_header_fields_too_large";
            default -> ownType;
        };
        return new GatewayError(kind, status, message, code, null);
    }

    private static String adminType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** What a status means, for answers raised without a message of their own. */
    static String describe(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 401 -> "Authentication is required.";
            case 403 -> "The request is not allowed.";
            case 404 -> "There is nothing at this path.";
            case 405 -> "This method is not supported at this path.";
            case 406 -> "No acceptable representation is available.";
            case 408 -> "The request took too long to arrive.";
            case 411 -> "The request needs a Content-Length.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URI is too long.";
            case 415 -> "The request's content type is not supported here.";
            case 431 -> "The request's headers are too large.";
            case 501 -> "This method is not implemented.";
            case 503 -> "Aurelis cannot answer right now; try again in a moment.";
            default -> status >= 500 ? "Aurelis failed to handle the request; the log has the details."
                    : "The request cannot be served.";
        };
    }
}
