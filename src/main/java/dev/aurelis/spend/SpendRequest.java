package dev.aurelis.spend;

import java.util.function.LongSupplier;

/**
 * What an exchange may cost, as far as it is known before it starts.
 *
 * @param model              the model that will serve it (catalogue name)
 * @param price              its price; null when it has none (then budgets cannot hold it back)
 * @param promptTokens       estimated locally without the tokenizer (ADR 0047), only when a budget or token limit
 *                           applies
 * @param promptBound        a strict upper bound on the prompt tokens (Long.MAX_VALUE when the request alone does
 *                           not bound them), asked for only when a hard budget applies
 * @param requestedMaxOutput the request's own output cap; null when it sets none
 * @param contextWindow      the model's context window, if known
 * @param mayDowngrade       false when this is already the cheaper model of a downgrade
 * @param attempt            which attempt of the exchange this is (from 1): a retry takes no request from rate limits
 */
public record SpendRequest(Spender spender, String requestId, String model, String provider, String providerType,
        Price price, LongSupplier promptTokens, LongSupplier promptBound, Long requestedMaxOutput, Integer contextWindow, boolean embeddings,
        boolean mayDowngrade, int attempt) {
}
