package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Recognises the events a stream opens with before the model produced anything (Anthropic's
 * {@code message_start}, OpenAI's role-only first chunk, the Responses API's {@code response.created}...), and the
 * error events providers send inside a stream. The gateway holds the prelude back until the first token, so an
 * attempt that fails before it can be retried or failed over without the client noticing.
 */
final class StreamPrelude {

    private static final Set<String> ANTHROPIC_PRELUDE = Set.of("message_start", "ping", "content_block_start");
    private static final Set<String> RESPONSES_PRELUDE = Set.of("response.created", "response.in_progress",
            "response.output_item.added", "response.content_part.added");

    private StreamPrelude() {
    }

    /** Whether {@code event}, in the client's format, carries nothing the model generated yet. */
    static boolean holdsBack(WireFormat format, SseEvent event) {
        return switch (format) {
            case ANTHROPIC_MESSAGES -> ANTHROPIC_PRELUDE.contains(event.event());
            case OPENAI_RESPONSES -> RESPONSES_PRELUDE.contains(event.event());
            case OPENAI_CHAT, OPENAI_COMPLETIONS -> emptyChunk(event);
            case OPENAI_EMBEDDINGS -> false;
        };
    }

    /** A chat or completions chunk without content, tool call, reasoning, finish reason or usage. */
    private static boolean emptyChunk(SseEvent event) {
        if (event.isDone() || event.data().isEmpty() || event.data().charAt(0) != '{') {
            return false;
        }
        JsonNode chunk;
        try {
            chunk = Json.MAPPER.readTree(event.data());
        } catch (JacksonException e) {
            return false;
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty() || hasValue(chunk.get("usage"))) {
            return false;
        }
        for (JsonNode choice : choices) {
            if (hasValue(choice.get("finish_reason")) || hasText(choice.get("text"))) {
                return false;
            }
            JsonNode delta = choice.get("delta");
            if (delta != null && (hasText(delta.get("content")) || hasValue(delta.get("tool_calls"))
                    || hasValue(delta.get("function_call")) || hasText(delta.get("reasoning_content"))
                    || hasText(delta.get("reasoning")) || hasText(delta.get("refusal")))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The message of an error a provider reported inside its stream (Anthropic and Responses {@code event: error},
     * an OpenAI chunk holding {@code error}), or empty for any other event.
     */
    static Optional<String> upstreamError(WireFormat provider, SseEvent event) {
        String data = event.data();
        boolean candidate = switch (provider) {
            case ANTHROPIC_MESSAGES, OPENAI_RESPONSES -> "error".equals(event.event());
            default -> !data.isEmpty() && data.charAt(0) == '{' && data.contains("\"error\"")
                    && !data.contains("\"choices\"");
        };
        if (!candidate) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(data);
            JsonNode error = node.get("error");
            if (provider != WireFormat.ANTHROPIC_MESSAGES && provider != WireFormat.OPENAI_RESPONSES
                    && (error == null || error.isNull())) {
                return Optional.empty();
            }
            String message = error != null && error.path("message").isString() ? error.path("message").asString()
                    : node.path("message").isString() ? node.path("message").asString() : "an error";
            return Optional.of(message);
        } catch (JacksonException e) {
            return provider == WireFormat.ANTHROPIC_MESSAGES || provider == WireFormat.OPENAI_RESPONSES
                    ? Optional.of("an error") : Optional.empty();
        }
    }

    private static boolean hasValue(JsonNode node) {
        return node != null && !node.isNull() && !(node.isArray() && node.isEmpty());
    }

    private static boolean hasText(JsonNode node) {
        return node != null && node.isString() && !node.asString().isEmpty();
    }
}
