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
    /** Null unless a traced exchange asks for them (reading them costs the untraced nothing). */
    private java.util.List<String> finishReasons;

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

    /** Notes why the provider stopped generating from now on, for the exchange's trace. */
    void collectFinishReasons() {
        if (finishReasons == null) {
            finishReasons = new java.util.ArrayList<>(1);
        }
    }

    /** Why the provider stopped ({@code stop}, {@code length}, {@code end_turn}, ...), as it said; empty if unknown. */
    java.util.List<String> finishReasons() {
        return finishReasons == null ? java.util.List.of() : finishReasons;
    }

    /** Reads a complete (non-streamed) response body. */
    void fromResponse(WireFormat provider, JsonNode body) {
        if (finishReasons != null) {
            noteFinishReasons(provider, body);
        }
        noteModel(body.get("model"));
        JsonNode usage = body.get("usage");
        if (usage != null && usage.isObject()) {
            read(provider, usage, false);
            complete = hasCounts(usage);
        }
    }

    /** Reads one streamed event; cheap when the event carries no usage. */
    void fromEvent(WireFormat provider, SseEvent event, JsonNode data) {
        if (finishReasons != null && data == null && provider != WireFormat.ANTHROPIC_MESSAGES
                && provider != WireFormat.OPENAI_RESPONSES) {
            noteFinishReasonIn(event.data()); // a chunk without usage is not parsed: its text is looked at instead
        }
        if (data == null || !data.isObject()) {
            return;
        }
        if (finishReasons != null) {
            noteFinishReasons(provider, provider == WireFormat.ANTHROPIC_MESSAGES ? data.get("delta")
                    : provider == WireFormat.OPENAI_RESPONSES ? data.get("response") : data);
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

    /**
     * The stop reasons in a response, or in one streamed event's part of it: the choices' {@code finish_reason}
     * (OpenAI), {@code stop_reason} (Anthropic's message, or its message_delta's delta), the response's {@code status}
     * or why it is incomplete (Responses API).
     */
    private void noteFinishReasons(WireFormat provider, JsonNode node) {
        if (node == null || !node.isObject()) {
            return;
        }
        switch (provider) {
            case ANTHROPIC_MESSAGES -> noteFinishReason(node.get("stop_reason"));
            case OPENAI_RESPONSES -> {
                JsonNode incomplete = node.path("incomplete_details").get("reason");
                noteFinishReason(incomplete != null && incomplete.isString() ? incomplete : node.get("status"));
            }
            default -> {
                JsonNode choices = node.get("choices");
                if (choices != null && choices.isArray()) {
                    for (JsonNode choice : choices) {
                        noteFinishReason(choice.get("finish_reason"));
                    }
                }
            }
        }
    }

    /** A chat chunk's {@code "finish_reason": "…"}, found in its text; null values and other fields are skipped. */
    private void noteFinishReasonIn(String chunk) {
        String field = "\"finish_reason\"";
        for (int at = chunk.indexOf(field); at >= 0; at = chunk.indexOf(field, at + field.length())) {
            int i = at + field.length();
            while (i < chunk.length() && (chunk.charAt(i) == ' ' || chunk.charAt(i) == ':')) {
                i++;
            }
            if (i < chunk.length() && chunk.charAt(i) == '"') {
                int end = chunk.indexOf('"', i + 1);
                if (end > i + 1 && end - i < 64) {
                    String reason = chunk.substring(i + 1, end);
                    if (!finishReasons.contains(reason)) {
                        finishReasons.add(reason);
                    }
                }
            }
        }
    }

    private void noteFinishReason(JsonNode reason) {
        if (reason != null && reason.isString() && !reason.asString().isBlank()
                && !"in_progress".equals(reason.asString()) && !finishReasons.contains(reason.asString())) {
            finishReasons.add(reason.asString());
        }
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
