package dev.aurelis.providers;

/** What a call asks of a provider, which decides the path it is sent to. */
public enum UpstreamOperation {
    CHAT("/chat/completions"),
    COMPLETIONS("/completions"),
    EMBEDDINGS("/embeddings"),
    RESPONSES("/responses"),
    MESSAGES("/v1/messages"),
    COUNT_TOKENS("/v1/messages/count_tokens");

    private final String path;

    UpstreamOperation(String path) {
        this.path = path;
    }

    String path() {
        return path;
    }

    /** The operation that serves a request of {@code format} at a provider speaking {@code provider}. */
    public static UpstreamOperation serving(WireFormat format, WireFormat provider) {
        if (provider == WireFormat.ANTHROPIC_MESSAGES) {
            return MESSAGES;
        }
        return switch (format) {
            case OPENAI_CHAT, ANTHROPIC_MESSAGES -> CHAT;
            case OPENAI_COMPLETIONS -> COMPLETIONS;
            case OPENAI_EMBEDDINGS -> EMBEDDINGS;
            case OPENAI_RESPONSES -> provider == WireFormat.OPENAI_RESPONSES ? RESPONSES : CHAT;
        };
    }
}
