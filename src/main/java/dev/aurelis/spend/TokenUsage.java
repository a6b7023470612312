package dev.aurelis.spend;

/**
 * Tokens of one exchange as the provider reported them, normalised: {@code inputTokens} counts every prompt
 * token including those read from or written to a prompt cache; {@code outputTokens} includes reasoning tokens.
 */
public record TokenUsage(long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens,
        long reasoningTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    public long uncachedInputTokens() {
        return Math.max(0, inputTokens - cachedInputTokens - cacheWriteTokens);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public boolean isZero() {
        return inputTokens == 0 && outputTokens == 0;
    }
}
