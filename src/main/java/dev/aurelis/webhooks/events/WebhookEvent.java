package dev.aurelis.webhooks.events;

import dev.aurelis.tenancy.TenantId;
import dev.aurelis.webhooks.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An event as subscriptions hear it: its tenant, type, a stable id (the same when the event is heard again after a
 * crash, so it is enqueued once), what it is about, when it happened and its data.
 */
public record WebhookEvent(TenantId tenant, EventType type, String id, String subject, Instant time,
        Map<String, Object> data) {

    /** An id derived from the type and what identifies the occurrence (a key's id, an alert's id...). */
    static String stableId(EventType type, Object... identity) {
        StringBuilder key = new StringBuilder(type.wireName());
        for (Object part : identity) {
            key.append('|').append(part);
        }
        return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
