package dev.aurelis.testing;

import java.time.Duration;
import java.util.List;

/** An immutable snapshot of {@link FakeUpstream}'s configuration, taken when a request arrives. */
record Script(String reply, String toolName, String toolArguments, int inputTokens, int outputTokens,
        int cachedTokens, int reasoningTokens, int cacheCreationTokens, String servedModel, List<String> models,
        int embeddingDimensions, Duration streamEventDelay, String authHeader, String authValue, String rawChatUsage) {

    Script withOutputTokens(int tokens) {
        return new Script(reply, toolName, toolArguments, inputTokens, tokens, cachedTokens, Math.min(reasoningTokens, tokens),
                cacheCreationTokens, servedModel, models, embeddingDimensions, streamEventDelay, authHeader, authValue,
                rawChatUsage);
    }
}
