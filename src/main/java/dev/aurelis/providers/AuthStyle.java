package dev.aurelis.providers;

/** How a provider expects its API key. */
public enum AuthStyle {
    /** {@code Authorization: Bearer <key>} (OpenAI, GitHub Models, Mistral, most OpenAI-compatible servers). */
    BEARER,
    /** {@code x-api-key: <key>} (Anthropic). */
    X_API_KEY,
    /** {@code api-key: <key>} (Azure OpenAI). */
    AZURE_API_KEY
}
