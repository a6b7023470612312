package dev.aurelis.webhooks;

import dev.aurelis.alerting.WebhookSignatures;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.webhooks.store.DeliveryStore;
import dev.aurelis.webhooks.store.SubscriptionStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The outbound webhooks of a tenant: subscriptions (made, changed, paused, deleted, their secret rotated), the log
 * of their deliveries, and replaying a delivery. Bad input is refused with {@link IllegalArgumentException}, an
 * unknown subscription or delivery with {@link NoSuchElementException}, and making a subscription while webhooks
 * are switched off with {@link WebhooksSwitchedOff}.
 */
@Service
public class Webhooks {

    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_URL = 2000;

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final WebhookSupport support;
    private final Clock clock;

    Webhooks(SubscriptionStore subscriptions, DeliveryStore deliveries, WebhookSupport support,
            Optional<Clock> clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.support = support;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Makes a subscription; {@code secret} null makes a new {@code whsec_} secret. The secret is returned this once.
     */
    public NewSubscription create(TenantId tenant, String url, List<String> eventTypes, String description,
            Boolean enabled, String secret, String actor) {
        if (!support.enabled()) {
            throw new WebhooksSwitchedOff();
        }
        String key = secret == null || secret.isBlank() ? WebhookSignatures.newSecret() : checkedSecret(secret);
        Subscription made = subscriptions.insert(tenant, checkedUrl(url), checkedTypes(eventTypes),
                checkedDescription(description), enabled == null || enabled, key, actor, clock.instant());
        return new NewSubscription(made, key);
    }

    public List<Subscription> list(TenantId tenant) {
        return subscriptions.list(tenant);
    }

    public Subscription get(TenantId tenant, UUID id) {
        return subscriptions.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    /** Changes what is given (null leaves a field as it is). */
    public Subscription update(TenantId tenant, UUID id, String url, List<String> eventTypes, String description,
            Boolean enabled) {
        Subscription current = get(tenant, id);
        Subscription changed = new Subscription(id, url == null ? current.url() : checkedUrl(url),
                eventTypes == null ? current.eventTypes() : checkedTypes(eventTypes),
                description == null ? current.description() : checkedDescription(description),
                enabled == null ? current.enabled() : enabled, current.createdBy(), current.createdAt(),
                clock.instant());
        if (!subscriptions.update(tenant, changed, changed.updatedAt())) {
            throw notFound(id);
        }
        return changed;
    }

    /** Deletes the subscription with its delivery log; messages not yet delivered are dropped with it. */
    public void delete(TenantId tenant, UUID id) {
        if (!subscriptions.delete(tenant, id)) {
            throw notFound(id);
        }
    }

    /** A new secret for the subscription, returned this once; the next attempt signs with it. */
    public NewSubscription rotateSecret(TenantId tenant, UUID id) {
        Subscription subscription = get(tenant, id);
        String secret = WebhookSignatures.newSecret();
        if (!subscriptions.replaceSecret(tenant, id, secret, clock.instant())) {
            throw notFound(id);
        }
        return new NewSubscription(subscription, secret);
    }

    /** The subscription's most recent deliveries, newest first, each with its attempts. */
    public List<Delivery> deliveries(TenantId tenant, UUID subscriptionId, int limit) {
        get(tenant, subscriptionId);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("'limit' must be between 1 and 1000.");
        }
        return deliveries.recent(tenant, subscriptionId, limit);
    }

    public Delivery delivery(TenantId tenant, UUID id) {
        return deliveries.find(tenant, id).orElseThrow(() -> new NoSuchElementException("No webhook delivery " + id + "."));
    }

    /**
     * Sends a delivery's message again, as a new delivery due at once with the same {@code webhook-id} and body (so a
     * receiver that already processed it can tell), whatever became of the original.
     */
    public Delivery replay(TenantId tenant, UUID deliveryId) {
        if (!support.enabled()) {
            throw new WebhooksSwitchedOff();
        }
        UUID replay = deliveries.replay(tenant, deliveryId, clock.instant())
                .orElseThrow(() -> new NoSuchElementException("No webhook delivery " + deliveryId + "."));
        return delivery(tenant, replay);
    }

    private static String checkedUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("'url' is required: the http(s) address that receives the messages.");
        }
        String trimmed = url.strip();
        if (trimmed.length() > MAX_URL) {
            throw new IllegalArgumentException("'url' is longer than " + MAX_URL + " characters.");
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getFragment() != null
                    || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("'url' must be an absolute http or https address without user "
                        + "information or fragment.");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'url' is not a valid address: " + e.getReason() + ".");
        }
        return trimmed;
    }

    private static List<String> checkedTypes(List<String> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw new IllegalArgumentException("'event_types' is required: one or more of " + EventType.wireNames()
                    + ", or \"*\" for all.");
        }
        List<String> checked = new ArrayList<>();
        for (String type : eventTypes) {
            String name = type == null ? "" : type.strip();
            if (!name.equals(EventType.ALL) && EventType.of(name).isEmpty()) {
                throw new IllegalArgumentException("'" + name + "' is not an event type; known: "
                        + EventType.wireNames() + ", or \"*\" for all.");
            }
            if (!checked.contains(name)) {
                checked.add(name);
            }
        }
        return checked;
    }

    private static String checkedDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("'description' is longer than " + MAX_DESCRIPTION + " characters.");
        }
        return description == null || description.isBlank() ? null : description.strip();
    }

    private static String checkedSecret(String secret) {
        if (!WebhookSignatures.isWellFormed(secret)) {
            throw new IllegalArgumentException("'secret' must be 'whsec_' followed by 24 to 64 bytes in base64; "
                    + "leave it out to have one made.");
        }
        return secret;
    }

    private static NoSuchElementException notFound(UUID id) {
        return new NoSuchElementException("No webhook subscription " + id + ".");
    }
}
