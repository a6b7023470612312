package dev.aurelis.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One exchange in the ledger: who, what, how much, and how it went. {@code priced} is false when the served
 * model has no price; such a record carries cost zero and is reported as unpriced, never as free.
 */
public record UsageRecord(UUID id, String tenantId, Instant createdAt, String requestId, UUID userId,
        String userEmail, UUID keyId, String team, String department, String costCenter, String project,
        String modelRequested, String modelServed, String providerModel, String provider, String endpoint,
        String clientTool, boolean streamed, TokenUsage usage, BigDecimal cost, String currency, boolean priced,
        int status, String errorType, int latencyMs, Integer firstTokenMs) {
}
