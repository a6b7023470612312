package dev.aurelis.alerting;

import dev.aurelis.alerting.channels.ChannelDirectory;
import dev.aurelis.alerting.channels.Outbox;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Sends notices to the configured channels ({@code alerts.channels}) and routes ({@code alerts.routes}), for any
 * module: alerts use it, and so may workflows. Sending writes to the persistent outbox, in the caller's transaction
 * when there is one, and returns at once; delivery (with retries and backoff) happens in the background, so a
 * channel that is down never slows the caller and nothing is lost to a restart.
 */
@Component
public class Notifications {

    private final ChannelDirectory directory;
    private final Outbox outbox;
    private final Clock clock;

    Notifications(ChannelDirectory directory, Outbox outbox, Optional<Clock> clock) {
        this.directory = directory;
        this.outbox = outbox;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Queues {@code notice} for the channel named {@code channel}; returns the delivery's id. */
    public UUID send(TenantId tenant, String channel, Notice notice) {
        return send(tenant, channel, notice, null).orElseThrow();
    }

    /**
     * Queues {@code notice} for {@code channel} unless a notice with the same {@code dedupKey} was queued before (for
     * a listener that may see its event twice). Returns the delivery's id, or empty for a duplicate.
     *
     * @throws IllegalArgumentException when no such channel is configured
     */
    public Optional<UUID> send(TenantId tenant, String channel, Notice notice, String dedupKey) {
        if (directory.find(channel).isEmpty()) {
            throw new IllegalArgumentException("No notification channel '" + channel + "' is configured; "
                    + "alerts.channels has " + (directory.all().isEmpty() ? "none" : String.join(", ", channels())) + ".");
        }
        return outbox.add(tenant, channel, notice, dedupKey == null ? null : dedupKey + "@" + channel, clock.instant());
    }

    /**
     * Queues {@code notice} for every channel of the route (or the channel) named {@code route}; returns the
     * deliveries queued (none for a route that names no channel, or for duplicates of {@code dedupKey}).
     */
    public List<UUID> route(TenantId tenant, String route, Notice notice, String dedupKey) {
        List<UUID> queued = new ArrayList<>();
        for (String channel : directory.route(route)) {
            send(tenant, channel, notice, dedupKey).ifPresent(queued::add);
        }
        return queued;
    }

    /** Whether {@code name} is a configured route or channel. */
    public boolean knows(String name) {
        return directory.isRoute(name);
    }

    /** The names of the configured channels. */
    public Set<String> channels() {
        return directory.all().keySet();
    }

    /** The most recent deliveries of {@code tenant}, newest first, with how they went. */
    public List<Delivery> recentDeliveries(TenantId tenant, int limit) {
        return outbox.recent(tenant, limit);
    }
}
