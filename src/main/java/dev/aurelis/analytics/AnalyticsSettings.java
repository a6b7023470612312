package dev.aurelis.analytics;

import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The {@code analytics:} settings of the configuration file, applied at start by the configuration module. Each
 * one acts (docs/analytics.md): the flags turn parts of the analytics API on, the retentions bound what is kept.
 */
@Component
public class AnalyticsSettings {

    /**
     * @param enabled                 the analytics API ({@code /api/v1/analytics/**}, feedback) answers at all
     * @param usageTracking           usage metrics (requests, users, models, peak hours, cost efficiency)
     * @param performanceMonitoring   latency, time to first token, error rates and availability
     * @param userBehaviorAnalysis    adoption and engagement (active users, tools, new and returning users)
     * @param executiveReports        the executive report
     * @param teamInsights            team insights
     * @param productivityMetrics     estimated time saved (in team insights and the executive report)
     * @param roiAnalysis             ROI analysis and its assumptions
     * @param rawRetention            how long per-exchange records and hourly rollups are kept; null: for ever
     * @param aggregatedRetention     how long daily rollups are kept; null: for ever
     * @param dataExport              analytics answers as CSV
     * @param apiAccess               the analytics API answers API keys too, not only signed-in people
     * @param dashboardEmbedding      signed, expiring chart embed links
     * @param trendAnalysis           trends ({@code advanced_features.trend_analysis})
     * @param predictiveAnalytics     forecasts ({@code advanced_features.predictive_analytics})
     * @param roi                     the declared ROI assumptions (the API may change them)
     * @param customMetrics           metrics declared in the file
     * @param surveyUrl               a satisfaction survey offered to developers, null for none
     */
    public record Policy(boolean enabled, boolean usageTracking, boolean performanceMonitoring,
            boolean userBehaviorAnalysis, boolean executiveReports, boolean teamInsights, boolean productivityMetrics,
            boolean roiAnalysis, Duration rawRetention, Duration aggregatedRetention, boolean dataExport,
            boolean apiAccess, boolean dashboardEmbedding, boolean trendAnalysis, boolean predictiveAnalytics,
            RoiAssumptions roi, List<CustomMetric> customMetrics, String surveyUrl) {

        public static final Policy OFF = new Policy(false, false, false, false, false, false, false, false, null, null,
                false, false, false, false, false, RoiAssumptions.DEFAULTS, List.of(), null);

        public Policy {
            roi = roi == null ? RoiAssumptions.DEFAULTS : roi;
            customMetrics = customMetrics == null ? List.of() : List.copyOf(customMetrics);
        }
    }

    private volatile Policy policy = Policy.OFF;

    public void configure(Policy policy) {
        this.policy = policy == null ? Policy.OFF : policy;
    }

    public Policy policy() {
        return policy;
    }
}
