package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Notice;
import dev.aurelis.alerting.WebhookSignatures;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notice as a generic webhook delivery, signed as Standard Webhooks specifies: the body
 * {@code {"type": "alert.fired", "timestamp": ..., "data": {...}}}; headers {@code webhook-id} (the delivery's id,
 * the same on every retry), {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}
 * ({@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">}), keyed by the channel's {@code whsec_} secret.
 */
final class WebhookPayload {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookPayload() {
    }

    static String type(Notice notice) {
        return switch (notice.kind()) {
            case FIRING -> "alert.fired";
            case RESOLVED -> "alert.resolved";
            case ACKNOWLEDGED -> "alert.acknowledged";
            case MESSAGE -> "notification";
        };
    }

    static String render(Notice notice, String tenant, Instant at) {
        ObjectNode body = JSON.createObjectNode().put("type", type(notice)).put("timestamp", at.toString());
        ObjectNode data = body.putObject("data");
        data.put("key", notice.key()).put("tenant", tenant).put("state", notice.kind().name().toLowerCase(Locale.ROOT))
                .put("severity", notice.severity()).put("title", notice.title()).put("text", notice.text());
        if (notice.link() != null) {
            data.put("link", notice.link());
        }
        ObjectNode facts = data.putObject("facts");
        notice.facts().forEach(facts::put);
        return JSON.writeValueAsString(body);
    }

    /** The {@code webhook-signature} header's value. */
    static String sign(String secret, String id, long timestamp, String body) {
        return WebhookSignatures.sign(secret, id, timestamp, body);
    }
}
