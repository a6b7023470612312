package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Notice;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
    private static final String PREFIX = "whsec_";

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
        byte[] key = secret.startsWith(PREFIX) ? Base64.getDecoder().decode(secret.substring(PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
