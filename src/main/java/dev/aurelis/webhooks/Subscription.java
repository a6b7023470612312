package dev.aurelis.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint that hears the events it names ({@link EventType} names, or {@code *} for all). The secret is never
 * part of it: it is shown once, when the subscription is made or its secret rotated.
 */
public record Subscription(UUID id, String url, List<String> eventTypes, String description, boolean enabled,
        String createdBy, Instant createdAt, Instant updatedAt) {

    public Subscription {
        eventTypes = List.copyOf(eventTypes);
    }

    public boolean wants(EventType type) {
        return enabled && (eventTypes.contains(EventType.ALL) || eventTypes.contains(type.wireName()));
    }
}
