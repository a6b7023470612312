package dev.aurelis.configuration;

import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.analytics.CustomMetric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code analytics:} section (and the analytics switches of {@code advanced_features}) as the analytics module
 * takes it.
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
                a.dashboardEmbedding(), advanced.trendAnalysis(), advanced.predictiveAnalytics(), null,
                customMetrics(a), a.codeQualityMetrics(), costProviders(config), groups(a.metrics()));
    }

    /** {@code analytics.metrics}: a flag left out is on; a group's {@code enabled: false} turns off all of it. */
    static AnalyticsSettings.Groups groups(Analytics.MetricGroups m) {
        boolean speed = on(m.codeGenerationSpeed().enabled());
        boolean quality = on(m.codeQualityScores().enabled());
        boolean satisfaction = on(m.developerSatisfaction().enabled());
        return new AnalyticsSettings.Groups(speed, speed && on(m.codeGenerationSpeed().improvementTracking()), quality,
                quality && on(m.codeQualityScores().trendAnalysis()), satisfaction,
                satisfaction && on(m.developerSatisfaction().feedbackCollection()), on(m.adoptionRates().featureUsage()),
                on(m.adoptionRates().userEngagement()),
                speed && on(m.codeGenerationSpeed().baselineMeasurement()), on(m.adoptionRates().workflowIntegration()),
                satisfaction && on(m.developerSatisfaction().surveyIntegration()),
                quality && on(m.codeQualityScores().automatedAnalysis()));
    }

    private static boolean on(Boolean flag) {
        return flag == null || flag;
    }

    /**
     * {@code cost_tracking.providers} as provider names: an entry names a configured provider or a provider type
     * ({@code openai} takes every OpenAI provider); one that matches neither is kept as written.
     */
    static Set<String> costProviders(AurelisConfig config) {
        Set<String> names = new TreeSet<>();
        for (String listed : config.analytics().costTracking().providers()) {
            if (listed == null || listed.isBlank()) {
                continue;
            }
            String wanted = listed.strip();
            List<String> matching = config.providers().stream().filter(p -> p != null && p.name() != null
                            && (p.name().equalsIgnoreCase(wanted)
                                    || (p.type() != null && p.type().configName().equalsIgnoreCase(wanted))))
                    .map(Provider::name).toList();
            names.addAll(matching.isEmpty() ? List.of(wanted) : matching);
        }
        return names;
    }

    /** The custom metrics as the analytics module takes them; {@link ConfigurationRules} reported any it refuses. */
    static List<CustomMetric> customMetrics(Analytics a) {
        List<CustomMetric> metrics = new ArrayList<>();
        for (Analytics.CustomMetric m : a.customMetrics()) {
            if (m != null) {
                metrics.add(customMetric(m));
            }
        }
        return metrics;
    }

    static CustomMetric customMetric(Analytics.CustomMetric m) {
        return new CustomMetric(m.name(), m.type(), m.source(), m.filter(), m.dimensions(), m.value(), m.description());
    }

    private static Duration days(Integer days) {
        return days == null ? null : Duration.ofDays(days);
    }
}
