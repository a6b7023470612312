package dev.aurelis.gateway.wire;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Error bodies in the vendors' own shapes, so SDKs raise their usual exceptions with our message. */
public final class ErrorBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorBodies() {
    }

    public static byte[] body(WireFormat format, GatewayError error) {
        return JSON.writeValueAsBytes(node(format, error));
    }

    private static ObjectNode node(WireFormat format, GatewayError error) {
        ObjectNode root = JSON.createObjectNode();
        if (format.isAnthropic()) {
            root.put("type", "error");
            ObjectNode inner = root.putObject("error");
            inner.put("type", anthropicType(error));
            inner.put("message", error.getMessage());
        } else {
            ObjectNode inner = root.putObject("error");
            inner.put("message", error.getMessage());
            inner.put("type", openAiType(error));
            if (error.param() != null) {
                inner.put("param", error.param());
            } else {
                inner.putNull("param");
            }
            String code = error.code() != null ? error.code() : openAiCode(error);
            if (code != null) {
                inner.put("code", code);
            } else {
                inner.putNull("code");
            }
        }
        return root;
    }

    /** The event that ends a stream which failed after it started. */
    public static SseEvent streamEvent(WireFormat format, GatewayError error) {
        ObjectNode node = node(format, error);
        return switch (format) {
            case ANTHROPIC_MESSAGES -> SseEvent.named("error", JSON.writeValueAsString(node));
            case OPENAI_RESPONSES -> {
                ObjectNode event = JSON.createObjectNode();
                event.put("type", "error");
                event.put("code", openAiCode(error) == null ? openAiType(error) : openAiCode(error));
                event.put("message", error.getMessage());
                event.putNull("param");
                yield SseEvent.named("error", JSON.writeValueAsString(event));
            }
            default -> SseEvent.data(JSON.writeValueAsString(node));
        };
    }

    private static String anthropicType(GatewayError error) {
        return switch (error.kind()) {
            case INVALID_REQUEST -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case TOO_LARGE -> "request_too_large";
            case RATE_LIMITED, BUDGET_EXCEEDED -> "rate_limit_error";
            case UNAVAILABLE -> "overloaded_error";
            case TIMEOUT -> "timeout_error";
            default -> "api_error";
        };
    }

    private static String openAiType(GatewayError error) {
        return switch (error.kind()) {
            case INVALID_REQUEST, NOT_FOUND, TOO_LARGE -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case RATE_LIMITED -> "rate_limit_error";
            case BUDGET_EXCEEDED -> "insufficient_quota";
            case TIMEOUT -> "timeout_error";
            default -> "api_error";
        };
    }

    private static String openAiCode(GatewayError error) {
        return switch (error.kind()) {
            case AUTHENTICATION -> "invalid_api_key";
            case NOT_FOUND -> "model_not_found";
            case TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_exceeded";
            case BUDGET_EXCEEDED -> "budget_exceeded";
            default -> null;
        };
    }
}
