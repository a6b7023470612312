package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Notice;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Delivers one notice to one destination in the destination's own format; one attempt, no retries here. */
@Component
class Channels {

    private final EmailDelivery email;

    Channels(EmailDelivery email) {
        this.email = email;
    }

    Outcome deliver(Destination destination, Notice notice, UUID deliveryId, String tenant, Instant at) {
        return switch (destination.type()) {
            case SLACK -> HttpDelivery.post(destination.url(), SlackMessage.render(notice), Map.of());
            case TEAMS -> HttpDelivery.post(destination.url(), TeamsCard.render(notice), Map.of());
            case PAGERDUTY -> HttpDelivery.post(destination.url(),
                    PagerDutyEvent.render(notice, destination, tenant, at), Map.of());
            case WEBHOOK -> webhook(destination, notice, deliveryId, tenant, at);
            case EMAIL -> email.send(notice, destination);
        };
    }

    private static Outcome webhook(Destination destination, Notice notice, UUID deliveryId, String tenant, Instant at) {
        String body = WebhookPayload.render(notice, tenant, at);
        String id = "msg_" + deliveryId.toString().replace("-", "");
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        if (destination.secret() != null && !destination.secret().isBlank()) {
            headers.put("webhook-signature", WebhookPayload.sign(destination.secret(), id, timestamp, body));
        }
        return HttpDelivery.post(destination.url(), body, headers);
    }
}
