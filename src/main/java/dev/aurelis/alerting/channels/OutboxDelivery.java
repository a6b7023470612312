package dev.aurelis.alerting.channels;

import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
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
import java.util.concurrent.ConcurrentHashMap;
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
 * Delivers what the outbox holds, on every replica (each row is taken by one at a time). Each channel's due rows go
 * in order on a virtual thread of their own, so a channel that is down or slow never holds the others back. A failed
 * attempt is tried again after a backoff that doubles from {@code aurelis.alerting.retry-base} up to 15 minutes (or
 * after the destination's {@code Retry-After}); after {@code aurelis.alerting.max-attempts} the row is abandoned
 * and logged. Each channel is sent at most {@code alerts.rate_limit_per_minute} notices a minute; the rest wait for
 * the next minute. A row for a channel the configuration no longer has, or whose kind is switched off, is abandoned.
 */
@Component
class OutboxDelivery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    private static final int BATCH = 200;

    private final Outbox outbox;
    private final ChannelDirectory directory;
    private final Channels channels;
    private final Organizations organizations;
    private final RateLimits rateLimits;
    private final Clock clock;
    private final Duration retryBase;
    private final int maxAttempts;
    private final MeterRegistry metrics;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    OutboxDelivery(Outbox outbox, ChannelDirectory directory, Channels channels, Organizations organizations,
            RateLimits rateLimits, Optional<Clock> clock, MeterRegistry metrics,
            @Value("${aurelis.alerting.retry-base:10s}") Duration retryBase,
            @Value("${aurelis.alerting.max-attempts:20}") int maxAttempts) {
        this.outbox = outbox;
        this.directory = directory;
        this.channels = channels;
        this.organizations = organizations;
        this.rateLimits = rateLimits;
        this.clock = clock.orElse(Clock.systemUTC());
        this.metrics = metrics;
        this.retryBase = retryBase;
        this.maxAttempts = maxAttempts;
        // every series exists from the start, so dashboards and alert rules see zeros rather than nothing
        for (ChannelType type : ChannelType.values()) {
            for (String outcome : List.of("delivered", "retried", "abandoned")) {
                count(type.wireName(), outcome, 0);
            }
        }
    }

    @Scheduled(initialDelayString = "${aurelis.alerting.delivery-interval-ms:1000}",
            fixedDelayString = "${aurelis.alerting.delivery-interval-ms:1000}")
    void run() {
        for (TenantId tenant : organizations.tenants()) {
            try {
                deliverDue(tenant);
            } catch (RuntimeException e) {
                log.error("Could not deliver the notifications of tenant '{}'; trying again shortly", tenant, e);
            }
        }
    }

    /** Attempts every row of {@code tenant} that is due, channel by channel in parallel; returns the attempts made. */
    int deliverDue(TenantId tenant) {
        Instant now = clock.instant();
        List<Outbox.Due> due = outbox.due(tenant, now, BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, List<UUID>> byChannel = new LinkedHashMap<>();
        for (Outbox.Due row : due) {
            byChannel.computeIfAbsent(row.channel(), c -> new ArrayList<>()).add(row.id());
        }
        List<Future<Integer>> work = new ArrayList<>();
        byChannel.values().forEach(ids -> work.add(workers.submit(() -> {
            int attempts = 0;
            for (UUID id : ids) {
                if (outbox.attempt(tenant, id, now, this::attempt)) {
                    attempts++;
                }
            }
            return attempts;
        })));
        int total = 0;
        for (Future<Integer> f : work) {
            try {
                total += f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("A notification delivery failed unexpectedly", e.getCause());
            }
        }
        return total;
    }

    private Outbox.Result attempt(Outbox.Entry entry) {
        Instant now = clock.instant();
        Optional<Destination> destination = directory.find(entry.channel());
        if (destination.isEmpty()) {
            count("unknown", "abandoned");
            log.warn("Notification {} is for channel '{}', which the configuration no longer defines; dropped",
                    entry.id(), entry.channel());
            return new Outbox.Result(Outcome.refused("no channel '" + entry.channel() + "' is configured"), now, true);
        }
        Destination d = destination.get();
        if (!directory.allowed(d.type())) {
            count(d.type().wireName(), "abandoned");
            return new Outbox.Result(Outcome.refused(d.type().wireName() + " notifications are switched off "
                    + "(integrations.notifications)"), now, true);
        }
        Optional<Instant> wait = rateLimits.take(entry.tenant() + "/" + d.name(), now);
        if (wait.isPresent()) {
            return new Outbox.Result(null, wait.get(), false);
        }
        Outcome outcome = channels.deliver(d, entry.notice(), entry.id(), entry.tenant(), now);
        int attempts = entry.attempts() + 1;
        switch (outcome.status()) {
            case DELIVERED -> {
                count(d.type().wireName(), "delivered");
                return new Outbox.Result(outcome, now, false);
            }
            case REFUSED -> {
                count(d.type().wireName(), "abandoned");
                log.error("Channel {} refused notification {} ('{}'): {}; it is not sent again", d, entry.id(),
                        entry.notice().title(), outcome.detail());
                return new Outbox.Result(outcome, now, true);
            }
            default -> {
                if (attempts >= maxAttempts) {
                    count(d.type().wireName(), "abandoned");
                    log.error("Channel {} failed notification {} ('{}') {} times, last: {}; giving up", d, entry.id(),
                            entry.notice().title(), attempts, outcome.detail());
                    return new Outbox.Result(outcome, now, true);
                }
                count(d.type().wireName(), "retried");
                Duration backoff = outcome.retryAfter() != null ? outcome.retryAfter() : backoff(attempts);
                log.warn("Channel {} failed notification {} (attempt {}): {}; trying again in {} s", d, entry.id(),
                        attempts, outcome.detail(), backoff.toSeconds());
                return new Outbox.Result(outcome, now.plus(backoff), false);
            }
        }
    }

    private Duration backoff(int attempts) {
        Duration backoff = retryBase.multipliedBy(1L << Math.min(attempts - 1, 20));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private void count(String type, String outcome) {
        count(type, outcome, 1);
    }

    private void count(String type, String outcome, int amount) {
        counters.computeIfAbsent(type + "/" + outcome, k -> Counter.builder("aurelis.alerting.notifications")
                .description("Notification delivery attempts by channel type and outcome")
                .tag("channel_type", type).tag("outcome", outcome).register(metrics)).increment(amount);
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
