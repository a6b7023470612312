package dev.aurelis.providers;

/** The vendor wire formats that a client may speak to Aurelis and that a provider may speak upstream. */
public enum WireFormat {
    /** OpenAI {@code POST /v1/chat/completions}. */
    OPENAI_CHAT,
    /** OpenAI {@code POST /v1/responses}. */
    OPENAI_RESPONSES,
    /** OpenAI legacy {@code POST /v1/completions} (fill-in-the-middle with {@code suffix}). */
    OPENAI_COMPLETIONS,
    /** OpenAI {@code POST /v1/embeddings}. */
    OPENAI_EMBEDDINGS,
    /** Anthropic {@code POST /v1/messages}. */
    ANTHROPIC_MESSAGES;

    public boolean isAnthropic() {
        return this == ANTHROPIC_MESSAGES;
    }
}
