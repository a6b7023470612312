package dev.aurelis.gateway.pipeline;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.spend.TokenUsage;
import tools.jackson.databind.JsonNode;

/**
 * Collects the token usage a provider reports, in the provider's own format, from a complete response or from
 * the events of a stream (OpenAI's final usage chunk; Anthropic's message_start and cumulative message_delta;
 * the Responses API's completed response).
 */
final class ReportedUsage {

    private long input;
    private long cached;
    private long cacheWrite;
    private long output;
    private long reasoning;
    private String model;
    private boolean complete;
    private boolean malformed;

    TokenUsage tokens() {
        return new TokenUsage(input, cached, cacheWrite, output, reasoning);
    }

    /**
     * Whether the provider sent its final usage figures (a complete response's usage, OpenAI's usage chunk,
     * Anthropic's message_delta, the Responses API's finished response). Anthropic's message_start reports the
     * prompt but not the output: a stream that ends after it is not complete.
     */
    boolean complete() {
        return complete;
    }

    /** Whether the provider sent a count that is not a whole number from 0 to 2^63-1 (then read as 0). */
    boolean malformed() {
        return malformed;
    }

    /** The model id the provider says it served, if it said. */
    String model() {
        return model;
    }

    /** Reads a complete (non-streamed) response body. */
    void fromResponse(WireFormat provider, JsonNode body) {
        noteModel(body.get("model"));
        JsonNode usage = body.get("usage");
        if (usage != null && usage.isObject()) {
            read(provider, usage, false);
            complete = hasCounts(usage);
        }
    }

    /** Reads one streamed event; cheap when the event carries no usage. */
    void fromEvent(WireFormat provider, SseEvent event, JsonNode data) {
        if (data == null || !data.isObject()) {
            return;
        }
        switch (provider) {
            case ANTHROPIC_MESSAGES -> {
                String type = event.event() != null ? event.event() : text(data.get("type"));
                if ("message_start".equals(type)) {
                    JsonNode message = data.get("message");
                    if (message != null) {
                        noteModel(message.get("model"));
                        JsonNode usage = message.get("usage");
                        if (usage != null) {
                            read(provider, usage, false);
                        }
                    }
                } else if ("message_delta".equals(type)) {
                    JsonNode usage = data.get("usage");
                    if (usage != null) {
                        read(provider, usage, true);
                        complete = hasCounts(usage);
                    }
                }
            }
            case OPENAI_RESPONSES -> {
                JsonNode response = data.get("response");
                if (response != null && response.isObject()) {
                    noteModel(response.get("model"));
                    JsonNode usage = response.get("usage");
                    if (usage != null && usage.isObject()) {
                        read(provider, usage, false);
                        complete = hasCounts(usage);
                    }
                }
            }
            default -> {
                noteModel(data.get("model"));
                JsonNode usage = data.get("usage");
                if (usage != null && usage.isObject()) {
                    read(provider, usage, false);
                    complete = hasCounts(usage);
                }
            }
        }
    }

    private void read(WireFormat provider, JsonNode usage, boolean anthropicDelta) {
        switch (provider) {
            case ANTHROPIC_MESSAGES -> {
                // Anthropic's input_tokens exclude cache reads and writes; ours include them.
                if (usage.has("input_tokens") || usage.has("cache_read_input_tokens")
                        || usage.has("cache_creation_input_tokens")) {
                    long read = number(usage, "cache_read_input_tokens");
                    long write = number(usage, "cache_creation_input_tokens");
                    long fresh = number(usage, "input_tokens");
                    if (!anthropicDelta || fresh + read + write > 0) {
                        cached = read;
                        cacheWrite = write;
                        input = fresh + read + write;
                    }
                }
                if (usage.has("output_tokens")) {
                    // message_delta's output_tokens are cumulative for the whole message
                    output = number(usage, "output_tokens");
                }
            }
            case OPENAI_RESPONSES -> {
                input = number(usage, "input_tokens");
                output = number(usage, "output_tokens");
                cached = number(usage.path("input_tokens_details"), "cached_tokens");
                reasoning = number(usage.path("output_tokens_details"), "reasoning_tokens");
            }
            default -> {
                input = number(usage, "prompt_tokens");
                output = number(usage, "completion_tokens");
                cached = number(usage.path("prompt_tokens_details"), "cached_tokens");
                reasoning = number(usage.path("completion_tokens_details"), "reasoning_tokens");
            }
        }
    }

    /** Whether a usage object carries the counts (an empty one reports nothing). */
    private static boolean hasCounts(JsonNode usage) {
        return usage.has("prompt_tokens") || usage.has("completion_tokens") || usage.has("input_tokens")
                || usage.has("output_tokens");
    }

    private void noteModel(JsonNode node) {
        if (node != null && node.isString() && !node.asString().isBlank()) {
            model = node.asString();
        }
    }

    private long number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        boolean whole = value.isIntegralNumber()
                || (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble()) && value.asDouble() < 0x1p53);
        if (!whole || !value.canConvertToLong() || value.asLong() < 0) {
            malformed = true; // 1.5, -3, 2^64, "12": never charged as read
            return 0;
        }
        return value.asLong();
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
