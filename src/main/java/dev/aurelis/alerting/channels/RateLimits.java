package dev.aurelis.alerting.channels;

import dev.aurelis.configuration.ActiveConfiguration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * At most {@code alerts.rate_limit_per_minute} notices per channel in each clock minute (default 30), on this
 * replica: a burst of alerts must not get a webhook disabled by Slack or an inbox flooded.
 */
@Component
class RateLimits {

    static final int DEFAULT_PER_MINUTE = 30;

    private record Window(long minute, int used) {
    }

    private final int perMinute;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimits(ActiveConfiguration configuration) {
        Integer configured = configuration.config().alerts().rateLimitPerMinute();
        this.perMinute = configured == null ? DEFAULT_PER_MINUTE : configured;
    }

    /** Takes one send for {@code channel}; empty when allowed, else when the next window opens. */
    Optional<Instant> take(String channel, Instant now) {
        long minute = now.getEpochSecond() / 60;
        Window window = windows.compute(channel, (k, w) -> w == null || w.minute() != minute
                ? new Window(minute, 1) : new Window(minute, w.used() + 1));
        if (window.used() <= perMinute) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond((minute + 1) * 60).truncatedTo(ChronoUnit.SECONDS));
    }
}
