package dev.aurelis.spend;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * How budgets are enforced, from the configuration's {@code cost_management} (and the organisation's time zone).
 *
 * @param hardByDefault         budgets that do not say are hard limits
 * @param softGrace             how long a soft limit may stay exceeded before it hardens; null: never
 * @param throttleStart         fraction of a limit from which requests are spaced out (with auto throttling)
 * @param downgrade             the default downgrade policy; null for none
 * @param defaultThresholds     fractions at which crossings are published for budgets that name none
 * @param userLimits            every user's default monthly budget by role; null for none
 * @param failClosed            refuse governed requests while Redis is unreachable (otherwise each replica enforces
 *                              its share)
 * @param localShareReplicas    how many replicas share the headroom while Redis is unreachable
 * @param defaultMaxOutputTokens output tokens assumed for a request that sets no cap; null to use the model's
 *                              context window, or 4,096 when that is unknown
 */
public record SpendPolicy(ZoneId zone, int fiscalYearStartMonth, boolean hardByDefault, Duration softGrace,
        boolean autoThrottling, BigDecimal throttleStart, int throttleRequestsPerMinute, Downgrade downgrade,
        List<BigDecimal> defaultThresholds, UserLimits userLimits, RateLimitPolicy rateLimits, boolean failClosed,
        int localShareReplicas, Integer defaultMaxOutputTokens, String currency) {

    public static final SpendPolicy DEFAULT = new SpendPolicy(ZoneId.of("UTC"), 1, true, null, false,
            new BigDecimal("0.8"), 60, null, List.of(new BigDecimal("0.8")), null, RateLimitPolicy.NONE, true, 1, null, "USD");

    public SpendPolicy {
        zone = zone == null ? ZoneId.of("UTC") : zone;
        if (fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
            throw new IllegalArgumentException("fiscal year start month must be 1 to 12");
        }
        throttleStart = throttleStart == null ? new BigDecimal("0.8") : throttleStart;
        throttleRequestsPerMinute = Math.max(1, throttleRequestsPerMinute);
        defaultThresholds = defaultThresholds == null || defaultThresholds.isEmpty()
                ? List.of(new BigDecimal("0.8")) : List.copyOf(defaultThresholds);
        userLimits = userLimits == null || userLimits.isEmpty() ? null : userLimits;
        rateLimits = rateLimits == null ? RateLimitPolicy.NONE : rateLimits;
        localShareReplicas = Math.max(1, localShareReplicas);
        currency = currency == null ? "USD" : currency;
    }
}
