package dev.aurelis.webhooks.delivery;

import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.webhooks.Subscription;
import dev.aurelis.webhooks.WebhookSupport;
import dev.aurelis.webhooks.store.DeliveryStore;
import dev.aurelis.webhooks.store.SubscriptionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers what the outbox holds, on one replica at a time (a PostgreSQL advisory lock): each subscription's due
 * messages go in order on a virtual thread of their own, so an endpoint that is down or slow holds no other back.
 * A failed attempt is tried again after a backoff that doubles from {@code aurelis.webhooks.retry-base} up to an
 * hour (or after the endpoint's {@code Retry-After}); after {@code aurelis.webhooks.max-attempts} the message is
 * marked failed, and only a replay sends it again. Every attempt is logged.
 */
@Component
class Dispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final int BATCH = 200;

    private final DeliveryStore deliveries;
    private final SubscriptionStore subscriptions;
    private final Organizations organizations;
    private final SingletonWork singleton;
    private final WebhookSupport support;
    private final Clock clock;
    private final Duration retryBase;
    private final int maxAttempts;
    private final Map<String, Counter> counters = new LinkedHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    Dispatcher(DeliveryStore deliveries, SubscriptionStore subscriptions, Organizations organizations,
            SingletonWork singleton, WebhookSupport support, Optional<Clock> clock, MeterRegistry metrics,
            @Value("${aurelis.webhooks.retry-base:5s}") Duration retryBase,
            @Value("${aurelis.webhooks.max-attempts:15}") int maxAttempts) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.organizations = organizations;
        this.singleton = singleton;
        this.support = support;
        this.clock = clock.orElse(Clock.systemUTC());
        this.retryBase = retryBase;
        this.maxAttempts = maxAttempts;
        for (String outcome : List.of("delivered", "retry", "refused", "abandoned")) {
            counters.put(outcome, Counter.builder("aurelis.webhooks.attempts")
                    .description("Outbound webhook delivery attempts by outcome").tag("outcome", outcome)
                    .register(metrics));
        }
    }

    @Scheduled(initialDelayString = "${aurelis.webhooks.delivery-interval-ms:1000}",
            fixedDelayString = "${aurelis.webhooks.delivery-interval-ms:1000}")
    void run() {
        if (!support.enabled()) {
            return;
        }
        singleton.runIfFree("webhooks-delivery", () -> {
            for (TenantId tenant : organizations.tenants()) {
                try {
                    deliverDue(tenant);
                } catch (RuntimeException e) {
                    log.error("Could not deliver the webhooks of tenant '{}'; trying again shortly", tenant, e);
                }
            }
        });
    }

    /** Attempts every message of {@code tenant} that is due, subscription by subscription in parallel. */
    void deliverDue(TenantId tenant) {
        List<DeliveryStore.Due> due = deliveries.due(tenant, clock.instant(), BATCH);
        Map<UUID, List<DeliveryStore.Due>> bySubscription = new LinkedHashMap<>();
        due.forEach(d -> bySubscription.computeIfAbsent(d.subscriptionId(), s -> new ArrayList<>()).add(d));
        List<Future<?>> work = new ArrayList<>();
        bySubscription.forEach((subscription, messages) -> work.add(workers.submit(() -> {
            Optional<Subscription> target = subscriptions.find(tenant, subscription);
            Optional<String> secret;
            try {
                secret = subscriptions.secret(tenant, subscription);
            } catch (RuntimeException e) {
                // the key that sealed it is not available (keyring or key manager): the messages wait, none is lost
                log.error("Cannot open the secret of webhook subscription {} ({}); its messages wait", subscription,
                        e.getClass().getSimpleName());
                return;
            }
            if (target.isEmpty() || secret.isEmpty()) {
                return; // deleted meanwhile: its messages went with it
            }
            for (DeliveryStore.Due message : messages) {
                attempt(tenant, target.get(), secret.get(), message);
            }
        })));
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                log.error("A webhook delivery failed unexpectedly", e.getCause());
            }
        }
    }

    private void attempt(TenantId tenant, Subscription subscription, String secret, DeliveryStore.Due message) {
        Instant now = clock.instant();
        Poster.Answer answer = Poster.post(subscription.url(), secret, message.messageId(), message.body(), now);
        int number = message.attempts() + 1;
        boolean abandon = answer.outcome().equals("refused")
                || (answer.outcome().equals("retry") && number >= maxAttempts);
        Duration wait = answer.retryAfter() != null ? answer.retryAfter() : backoff(number);
        deliveries.record(tenant, message.id(), number, now, new DeliveryStore.Result(answer.outcome(),
                answer.status(), answer.detail(), answer.outcome().equals("retry") ? now.plus(wait) : now, abandon));
        counters.get(answer.outcome()).increment();
        if (abandon) {
            counters.get("abandoned").increment();
            log.warn("Webhook message {} to subscription {} failed for good after {} attempt(s): {}",
                    message.messageId(), subscription.id(), number, answer.detail());
        } else if (answer.outcome().equals("retry")) {
            log.info("Webhook message {} to subscription {} failed (attempt {}): {}; trying again in {} s",
                    message.messageId(), subscription.id(), number, answer.detail(), wait.toSeconds());
        }
    }

    private Duration backoff(int attempts) {
        Duration backoff = retryBase.multipliedBy(1L << Math.min(attempts - 1, 20));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
