package dev.aurelis.bench;

/**
 * The mock's answers in the OpenAI chat-completions and Anthropic messages wire formats, as the vendors
 * document them: whole responses, and the events of a stream. Strings are built by hand (the mock must stay
 * cheaper than anything it measures); {@link #quote} escapes what JSON requires.
 */
final class WireText {

    private static final String[] WORDS = {
        "The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".",
        " Here", " is", " the", " patch", " you", " asked", " for", ":", " it", " works"};

    private WireText() {
    }

    static String piece(int i) {
        return WORDS[i % WORDS.length];
    }

    static String fullText(int chunks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            sb.append(piece(i));
        }
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---- OpenAI chat completions ----

    static String openAiCompletion(String id, long created, String model, String text, int in, int out) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":" + created + ",\"model\":"
                + quote(model) + ",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":" + quote(text) + ",\"refusal\":null},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":" + openAiUsage(in, out) + "}";
    }

    static String openAiUsage(int in, int out) {
        return "{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + ",\"total_tokens\":" + (in + out)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":"
                + "{\"reasoning_tokens\":0}}";
    }

    private static String chunkHead(String id, long created, String model) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created + ",\"model\":"
                + quote(model) + ",\"system_fingerprint\":\"fp_bench\",\"choices\":";
    }

    /** The first chunk: the role, empty content. */
    static String openAiRoleChunk(String id, long created, String model, boolean includeUsage) {
        return "data: " + chunkHead(id, created, model) + "[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]"
                + (includeUsage ? ",\"usage\":null" : "") + "}\n\n";
    }

    static String openAiContentChunk(String id, long created, String model, String text, boolean includeUsage) {
        return "data: " + chunkHead(id, created, model) + "[{\"index\":0,\"delta\":{\"content\":" + quote(text)
                + "},\"logprobs\":null,\"finish_reason\":null}]" + (includeUsage ? ",\"usage\":null" : "") + "}\n\n";
    }

    /** The finish chunk, the usage chunk when asked for ({@code stream_options.include_usage}), then [DONE]. */
    static String openAiClosing(String id, long created, String model, boolean includeUsage, int in, int out) {
        String finish = "data: " + chunkHead(id, created, model) + "[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}]" + (includeUsage ? ",\"usage\":null" : "") + "}\n\n";
        String usage = includeUsage
                ? "data: " + chunkHead(id, created, model) + "[],\"usage\":" + openAiUsage(in, out) + "}\n\n"
                : "";
        return finish + usage + "data: [DONE]\n\n";
    }

    // ---- Anthropic messages ----

    static String anthropicMessage(String id, String model, String text, int in, int out) {
        return "{\"id\":\"" + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + quote(model)
                + ",\"content\":[{\"type\":\"text\",\"text\":" + quote(text) + "}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"usage\":" + anthropicUsage(in, out) + "}";
    }

    static String anthropicUsage(int in, int out) {
        return "{\"input_tokens\":" + in + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                + "\"output_tokens\":" + out + "}";
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** message_start, content_block_start and a ping: what Anthropic sends before the first text. */
    static String anthropicOpening(String id, String model, int in) {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"" + id + "\",\"type\":"
                + "\"message\",\"role\":\"assistant\",\"model\":" + quote(model) + ",\"content\":[],"
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + anthropicUsage(in, 1) + "}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("ping", "{\"type\":\"ping\"}");
    }

    static String anthropicDelta(String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":" + quote(text) + "}}");
    }

    static String anthropicClosing(int out) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + out + "}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    static String openAiError(String message) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":null}}";
    }

    static String anthropicError(String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":" + quote(message)
                + "}}";
    }
}
