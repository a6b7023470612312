package dev.aurelis.spend;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A usage record the ledger could not store (a dead letter, ADR 0043): the record as it was handed in (its text
 * already made storable), why it was refused, and when.
 */
public record RejectedUsage(UUID id, String requestId, String reason, Instant rejectedAt, JsonNode record) {
}
