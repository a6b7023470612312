package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.RequestBodies;
import dev.aurelis.providers.WireFormat;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What is known of an exchange the moment it arrives, before anything is checked.
 *
 * @param headers       the request's headers by lower-case name
 * @param onPremiseOnly the client asked that only on-premise providers see its request
 */
record Arrival(WireFormat format, String requestId, long startNanos, Instant startedAt, Map<String, String> headers,
        String query, String clientTool, boolean onPremiseOnly) {

    /** A client may require that only on-premise providers see its request. */
    static final String ON_PREMISE_HEADER = "x-aurelis-on-premise";

    static Arrival of(WireFormat format, HttpServletRequest request) {
        long startNanos = System.nanoTime();
        Map<String, String> headers = RequestBodies.headers(request);
        return new Arrival(format, "req_" + UUID.randomUUID().toString().replace("-", ""), startNanos, Instant.now(),
                headers, request.getQueryString(),
                ClientTool.of(headers),
                "true".equalsIgnoreCase(headers.get(ON_PREMISE_HEADER)));
    }

    /** The project a client names in {@code x-aurelis-project}, or null. */
    String projectHeader() {
        String header = headers.get("x-aurelis-project");
        return header == null || header.isBlank() ? null : header.strip();
    }

    /** The operation as OpenTelemetry's GenAI conventions name it. */
    String operation() {
        return switch (format) {
            case OPENAI_EMBEDDINGS -> "embeddings";
            case OPENAI_COMPLETIONS -> "text_completion";
            default -> "chat";
        };
    }

    String endpoint() {
        return switch (format) {
            case OPENAI_CHAT -> "/v1/chat/completions";
            case OPENAI_COMPLETIONS -> "/v1/completions";
            case OPENAI_EMBEDDINGS -> "/v1/embeddings";
            case OPENAI_RESPONSES -> "/v1/responses";
            case ANTHROPIC_MESSAGES -> "/v1/messages";
        };
    }
}
