package dev.aurelis.configuration;

import dev.aurelis.analytics.AnalyticsSettings;
import java.time.Duration;

/** The {@code analytics:} section as the analytics module takes it. */
final class AnalyticsPolicies {

    private AnalyticsPolicies() {
    }

    static AnalyticsSettings.Policy of(AurelisConfig config) {
        Analytics a = config.analytics();
        return new AnalyticsSettings.Policy(false, false, false, false, false, false, false, false,
                days(a.rawDataRetentionDays()), days(a.aggregatedDataRetentionDays()), false, false, false, false, false,
                null, java.util.List.of(), null);
    }

    private static Duration days(Integer days) {
        return days == null ? null : Duration.ofDays(days);
    }
}
