package dev.aurelis.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One attempt of an exchange in the ledger: who, what, how much, and how it went. {@code priced} is false when the
 * served model has no price; such a record carries cost zero and is reported as unpriced, never as free.
 *
 * <p>Most exchanges are one attempt. One that was retried or failed over has a record per attempt made, all with its
 * {@code requestId}: each carries the tokens (and cost) that attempt used, {@code attempt} numbers them from 1, and
 * every one but the last has {@code retried} set. The exchange costs the sum of its records; it counts as one
 * request, with the status of the record that is not retried.
 *
 * @param task          the task of the exchange ({@code code_review}, ...), null when unknown
 * @param route         how the serving model was chosen and what was tried (the {@code x-aurelis-route} header)
 * @param usageEstimate null when the tokens are the provider's report; otherwise why they are Aurelis's bounded
 *                      estimate ({@code client_closed}, {@code provider_broke_off}, {@code stream_timeout},
 *                      {@code stream_error}, {@code implausible_report})
 * @param privacy       what the privacy step did, counts and detector names only (e.g. {@code redacted
 *                      class=restricted aws_access_key=1}); null when it did not screen the exchange or found nothing
 */
public record UsageRecord(UUID id, String tenantId, Instant createdAt, String requestId, UUID userId,
        String userEmail, UUID keyId, String team, String department, String costCenter, String project,
        String modelRequested, String modelServed, String providerModel, String provider, String endpoint,
        String clientTool, boolean streamed, TokenUsage usage, BigDecimal cost, String currency, boolean priced,
        int status, String errorType, int latencyMs, Integer firstTokenMs, String task, String route, int attempt,
        boolean retried, String usageEstimate, String privacy) {

    public UsageRecord {
        // records spilled by a version without attempts read back as a single attempt
        attempt = Math.max(1, attempt);
    }

    /** A record the privacy step had nothing to say about. */
    public UsageRecord(UUID id, String tenantId, Instant createdAt, String requestId, UUID userId, String userEmail,
            UUID keyId, String team, String department, String costCenter, String project, String modelRequested,
            String modelServed, String providerModel, String provider, String endpoint, String clientTool,
            boolean streamed, TokenUsage usage, BigDecimal cost, String currency, boolean priced, int status,
            String errorType, int latencyMs, Integer firstTokenMs, String task, String route, int attempt,
            boolean retried, String usageEstimate) {
        this(id, tenantId, createdAt, requestId, userId, userEmail, keyId, team, department, costCenter, project,
                modelRequested, modelServed, providerModel, provider, endpoint, clientTool, streamed, usage, cost,
                currency, priced, status, errorType, latencyMs, firstTokenMs, task, route, attempt, retried,
                usageEstimate, null);
    }

    /** A record with the provider's own usage figures. */
    public UsageRecord(UUID id, String tenantId, Instant createdAt, String requestId, UUID userId, String userEmail,
            UUID keyId, String team, String department, String costCenter, String project, String modelRequested,
            String modelServed, String providerModel, String provider, String endpoint, String clientTool,
            boolean streamed, TokenUsage usage, BigDecimal cost, String currency, boolean priced, int status,
            String errorType, int latencyMs, Integer firstTokenMs, String task, String route, int attempt,
            boolean retried) {
        this(id, tenantId, createdAt, requestId, userId, userEmail, keyId, team, department, costCenter, project,
                modelRequested, modelServed, providerModel, provider, endpoint, clientTool, streamed, usage, cost,
                currency, priced, status, errorType, latencyMs, firstTokenMs, task, route, attempt, retried, null, null);
    }

    /** This record with the status and error type the client was answered with instead. */
    public UsageRecord answered(int answeredStatus, String answeredErrorType) {
        return new UsageRecord(id, tenantId, createdAt, requestId, userId, userEmail, keyId, team, department,
                costCenter, project, modelRequested, modelServed, providerModel, provider, endpoint, clientTool,
                streamed, usage, cost, currency, priced, answeredStatus, answeredErrorType, latencyMs, firstTokenMs,
                task, route, attempt, retried, usageEstimate, privacy);
    }

    /** Whether the tokens are Aurelis's estimate rather than the provider's report. */
    public boolean estimated() {
        return usageEstimate != null;
    }
}
