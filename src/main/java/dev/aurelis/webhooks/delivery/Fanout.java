package dev.aurelis.webhooks.delivery;

import dev.aurelis.webhooks.Subscription;
import dev.aurelis.webhooks.WebhookSupport;
import dev.aurelis.webhooks.events.CloudEvents;
import dev.aurelis.webhooks.events.WebhookEvent;
import dev.aurelis.webhooks.store.DeliveryStore;
import dev.aurelis.webhooks.store.SubscriptionStore;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Puts an event in the outbox once for every enabled subscription of its tenant that asks for its type. The body
 * is rendered here, once, so every attempt and every replay sends (and signs) the same bytes.
 */
@Component
public class Fanout {

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final WebhookSupport support;
    private final Clock clock;

    Fanout(SubscriptionStore subscriptions, DeliveryStore deliveries, WebhookSupport support, Optional<Clock> clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.support = support;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Returns how many messages were enqueued. */
    public int publish(WebhookEvent event) {
        if (!support.enabled()) {
            return 0;
        }
        String body = null;
        int enqueued = 0;
        for (Subscription subscription : subscriptions.list(event.tenant())) {
            if (!subscription.wants(event.type())) {
                continue;
            }
            body = body == null ? CloudEvents.render(event) : body;
            if (deliveries.enqueue(event.tenant(), subscription.id(), event.id(), event.type().wireName(), body,
                    clock.instant())) {
                enqueued++;
            }
        }
        return enqueued;
    }
}
