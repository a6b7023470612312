package dev.aurelis.gateway;

import java.time.Instant;

/**
 * A provider reported usage that cannot be true (negative, beyond the model's context or the output cap it was
 * given, parts larger than their whole): the exchange was charged the bounded estimate instead, and the provider's
 * figures are kept here for whoever investigates (finance, the provider's support).
 *
 * @param reportedInputTokens  what the provider claimed, as sent
 * @param chargedInputTokens   what the ledger charged (the bounded estimate)
 */
public record ImplausibleUsageReported(String tenantId, String requestId, String user, String provider, String model,
        long reportedInputTokens, long reportedOutputTokens, long chargedInputTokens, long chargedOutputTokens,
        Instant occurredAt) {
}
