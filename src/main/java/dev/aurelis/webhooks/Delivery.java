package dev.aurelis.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message for one subscription and how its delivery went: {@code pending} (due now or after a backoff),
 * {@code delivered}, or {@code failed} (refused by the endpoint or out of attempts; replay sends it again).
 *
 * @param messageId the {@code webhook-id} header, the same on every attempt and on a replay
 * @param replayOf  the delivery this one replays, or null
 * @param attempts  every attempt so far, oldest first
 */
public record Delivery(UUID id, UUID subscriptionId, String messageId, String eventId, String eventType,
        String status, UUID replayOf, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
        Integer lastStatus, String lastError, List<Attempt> attempts) {

    public Delivery {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** One attempt: the HTTP status the endpoint answered (null when it did not answer) and what became of it. */
    public record Attempt(int number, Instant at, Integer status, String outcome, String detail) {
    }
}
