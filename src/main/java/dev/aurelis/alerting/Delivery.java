package dev.aurelis.alerting;

import java.time.Instant;
import java.util.UUID;

/** One notice for one channel in the outbox, and how its delivery went so far. */
public record Delivery(UUID id, String channel, String title, String kind, int attempts, Instant createdAt,
        Instant deliveredAt, Instant abandonedAt, String lastError) {
}
