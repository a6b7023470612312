package dev.aurelis.gateway.wire;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Prompt estimates of texts seen before (ADR 0085). A coding agent sends its system prompt, its tool definitions and
 * every earlier turn again with each request (Claude Code: 62 KB of an 80 KB request), so the estimate of a text is
 * remembered by its length and hash. A collision can only give a text another's estimate, which the provider's
 * reported usage corrects at settlement; the texts themselves are not kept.
 */
final class RepeatedTexts {

    /** Shorter texts are estimated each time: hashing and looking up would save little. */
    static final int MIN_LENGTH = 256;

    private static final Cache<Long, Long> ESTIMATES = Caffeine.newBuilder().maximumSize(16_384).build();
    /** Tool definitions, by their tree's hash and JSON length: a client sends few different sets. */
    private static final Cache<Long, Long> TOOL_ESTIMATES = Caffeine.newBuilder().maximumSize(1_024).build();

    private RepeatedTexts() {
    }

    /** {@link TokenEstimate#of}, remembered for texts of {@link #MIN_LENGTH} characters or more. */
    static long estimate(String text) {
        if (text.length() < MIN_LENGTH) {
            return TokenEstimate.of(text);
        }
        long key = (long) text.hashCode() << 32 | text.length();
        return ESTIMATES.get(key, k -> TokenEstimate.of(text));
    }

    /**
     * {@link TokenEstimate#of} the tool definitions' JSON, remembered by the hash of their parsed tree and the JSON's
     * length, so the JSON is written out only for definitions not seen before.
     */
    static long estimate(PromptTokens.Tools tools) {
        long key = (long) tools.definitions().hashCode() << 32 | (tools.jsonBytes() & 0xFFFF_FFFFL);
        return TOOL_ESTIMATES.get(key, k -> TokenEstimate.of(Json.string(tools.definitions())));
    }
}
