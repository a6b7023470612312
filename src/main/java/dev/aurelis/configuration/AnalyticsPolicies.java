package dev.aurelis.configuration;

import dev.aurelis.analytics.AnalyticsSettings;
import java.time.Duration;

/**
 * The {@code analytics:} section (and the analytics switches of {@code advanced_features}) as the analytics module
 * takes it. Settings the analytics module does not act on yet (custom metrics, {@code metrics}, dashboard embedding,
 * code quality, cost tracking's providers) are not passed: they stay on the not-yet-enforced list.
 */
final class AnalyticsPolicies {

    private AnalyticsPolicies() {
    }

    static AnalyticsSettings.Policy of(AurelisConfig config) {
        Analytics a = config.analytics();
        AdvancedFeatures advanced = config.advancedFeatures();
        return new AnalyticsSettings.Policy(a.enabled(), true, a.performanceMonitoring(), a.userBehaviorAnalysis(),
                a.executiveReports(), a.teamInsights(), a.productivityMetrics(), a.roiAnalysis(),
                days(a.rawDataRetentionDays()), days(a.aggregatedDataRetentionDays()), a.dataExport(), a.apiAccess(),
                false, advanced.trendAnalysis(), advanced.predictiveAnalytics(), null, java.util.List.of(), null);
    }

    private static Duration days(Integer days) {
        return days == null ? null : Duration.ofDays(days);
    }
}
