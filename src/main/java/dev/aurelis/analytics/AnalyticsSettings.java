package dev.aurelis.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
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
     * @param codeQualityMetrics      code review findings per repository and severity
     * @param costProviders           the providers whose costs are tracked ({@code cost_tracking.providers}, as
     *                                provider names); empty: every provider
     * @param groups                  the metric groups of {@code analytics.metrics} that are on
     */
    public record Policy(boolean enabled, boolean usageTracking, boolean performanceMonitoring,
            boolean userBehaviorAnalysis, boolean executiveReports, boolean teamInsights, boolean productivityMetrics,
            boolean roiAnalysis, Duration rawRetention, Duration aggregatedRetention, boolean dataExport,
            boolean apiAccess, boolean dashboardEmbedding, boolean trendAnalysis, boolean predictiveAnalytics,
            RoiAssumptions roi, List<CustomMetric> customMetrics, boolean codeQualityMetrics,
            Set<String> costProviders, Groups groups) {

        public static final Policy OFF = new Policy(false, false, false, false, false, false, false, false, null, null,
                false, false, false, false, false, RoiAssumptions.DEFAULTS, List.of());

        public Policy {
            roi = roi == null ? RoiAssumptions.DEFAULTS : roi;
            customMetrics = customMetrics == null ? List.of() : List.copyOf(customMetrics);
            costProviders = costProviders == null ? Set.of() : Set.copyOf(costProviders);
            groups = groups == null ? Groups.ALL : groups;
        }

        /** Without code quality metrics and with every provider's costs tracked. */
        public Policy(boolean enabled, boolean usageTracking, boolean performanceMonitoring,
                boolean userBehaviorAnalysis, boolean executiveReports, boolean teamInsights, boolean productivityMetrics,
                boolean roiAnalysis, Duration rawRetention, Duration aggregatedRetention, boolean dataExport,
                boolean apiAccess, boolean dashboardEmbedding, boolean trendAnalysis, boolean predictiveAnalytics,
                RoiAssumptions roi, List<CustomMetric> customMetrics) {
            this(enabled, usageTracking, performanceMonitoring, userBehaviorAnalysis, executiveReports, teamInsights,
                    productivityMetrics, roiAnalysis, rawRetention, aggregatedRetention, dataExport, apiAccess,
                    dashboardEmbedding, trendAnalysis, predictiveAnalytics, roi, customMetrics, false,
                    Set.of(), Groups.ALL);
        }

        /** The same settings with these metric groups (and code quality metrics on or off). */
        public Policy with(boolean codeQuality, Groups metricGroups) {
            return new Policy(enabled, usageTracking, performanceMonitoring, userBehaviorAnalysis, executiveReports,
                    teamInsights, productivityMetrics, roiAnalysis, rawRetention, aggregatedRetention, dataExport,
                    apiAccess, dashboardEmbedding, trendAnalysis, predictiveAnalytics, roi, customMetrics, codeQuality,
                    costProviders, metricGroups);
        }

        /** Whether cost on {@code provider} is tracked: every provider's is unless {@code cost_tracking.providers} lists some. */
        public boolean tracksCostOf(String provider) {
            return costProviders.isEmpty() || costProviders.contains(provider);
        }
    }

    /**
     * The groups of {@code analytics.metrics}; a group switched off is neither computed nor served.
     *
     * @param speed              latency and time to first token ({@code code_generation_speed.enabled})
     * @param speedTrend         the weekly p95 latency of the trends ({@code code_generation_speed.improvement_tracking})
     * @param codeQuality        the code quality report ({@code code_quality_scores.enabled})
     * @param codeQualityTrend   its weekly series ({@code code_quality_scores.trend_analysis})
     * @param satisfaction       developers' satisfaction in reports ({@code developer_satisfaction.enabled})
     * @param feedbackCollection the feedback endpoint ({@code developer_satisfaction.feedback_collection})
     * @param featureUsage       adoption by client tool ({@code adoption_rates.feature_usage})
     * @param userEngagement     active people per period, new and returning ({@code adoption_rates.user_engagement})
     * @param speedBaseline      the speed baseline and its comparison with now
     *                           ({@code code_generation_speed.baseline_measurement})
     * @param workflowIntegration what the code-review workflows ask of models, apart from people
     *                           ({@code adoption_rates.workflow_integration})
     * @param survey             the weekly pulse survey ({@code developer_satisfaction.survey_integration})
     * @param qualityScore       the code quality score ({@code code_quality_scores.automated_analysis})
     */
    public record Groups(boolean speed, boolean speedTrend, boolean codeQuality, boolean codeQualityTrend,
            boolean satisfaction, boolean feedbackCollection, boolean featureUsage, boolean userEngagement,
            boolean speedBaseline, boolean workflowIntegration, boolean survey, boolean qualityScore) {

        public static final Groups ALL = new Groups(true, true, true, true, true, true, true, true, true, true, true,
                true);
    }

    private volatile Policy policy = Policy.OFF;

    public void configure(Policy policy) {
        this.policy = policy == null ? Policy.OFF : policy;
    }

    public Policy policy() {
        return policy;
    }
}
