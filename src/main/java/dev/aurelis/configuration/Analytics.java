package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * {@code analytics:} what usage data is collected and reported, and how long it is kept. Flags left out are false.
 * {@code code_quality_tracking} is {@code code_quality_metrics}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Analytics(
        boolean enabled,
        @AlwaysOn("every exchange is metered in the usage ledger") Boolean usageTracking,
        boolean performanceMonitoring,
        boolean userBehaviorAnalysis,
        boolean codeQualityMetrics,
        boolean executiveReports,
        boolean teamInsights,
        boolean productivityMetrics,
        boolean roiAnalysis,
        @Positive(message = "must be at least 1 day") Integer rawDataRetentionDays,
        @Positive(message = "must be at least 1 day") Integer aggregatedDataRetentionDays,
        boolean dataExport,
        boolean apiAccess,
        boolean dashboardEmbedding,
        @Valid MetricGroups metrics,
        List<@NotNull(message = "must not be empty") @Valid CustomMetric> customMetrics,
        @Valid CostTracking costTracking) {

    public Analytics {
        metrics = Defaults.orElse(metrics, new MetricGroups(null, null, null, null));
        customMetrics = Defaults.list(customMetrics);
        costTracking = Defaults.orElse(costTracking, new CostTracking(null));
    }

    public static Analytics defaults() {
        return new Analytics(false, null, false, false, false, false, false, false, false, null, null,
                false, false, false, null, null, null);
    }

    /**
     * The brief's {@code analytics.metrics}: groups of figures an organisation may switch off (left out: on). A group
     * switched off is neither computed nor served (docs/analytics.md#metric-groups).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MetricGroups(@Valid CodeGenerationSpeed codeGenerationSpeed, @Valid CodeQualityScores codeQualityScores,
            @Valid DeveloperSatisfaction developerSatisfaction, @Valid AdoptionRates adoptionRates) {

        public MetricGroups {
            codeGenerationSpeed = Defaults.orElse(codeGenerationSpeed, new CodeGenerationSpeed(null, null, null));
            codeQualityScores = Defaults.orElse(codeQualityScores, new CodeQualityScores(null, null, null));
            developerSatisfaction = Defaults.orElse(developerSatisfaction, new DeveloperSatisfaction(null, null, null));
            adoptionRates = Defaults.orElse(adoptionRates, new AdoptionRates(null, null, null));
        }
    }

    /**
     * @param enabled             latency and time to first token: the speed at which answers (code) come
     * @param baselineMeasurement the speed of the first 14 days with traffic, compared with the last 14 days
     * @param improvementTracking the weekly p95 latency of the trends
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CodeGenerationSpeed(Boolean enabled, Boolean baselineMeasurement,
            Boolean improvementTracking) {
    }

    /**
     * @param enabled           the code quality report (with {@code code_quality_metrics})
     * @param automatedAnalysis a 0–100 score computed from the reviews' findings, per repository and week (ADR 0072)
     * @param trendAnalysis     its week-by-week series
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CodeQualityScores(Boolean enabled, Boolean automatedAnalysis,
            Boolean trendAnalysis) {
    }

    /**
     * @param enabled            developers' satisfaction in team insights and the executive report
     * @param surveyIntegration  the built-in weekly pulse survey ({@code /console/survey}, {@code /api/v1/surveys/**},
     *                           ADR 0072)
     * @param feedbackCollection {@code POST /api/v1/feedback}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeveloperSatisfaction(Boolean enabled, Boolean surveyIntegration,
            Boolean feedbackCollection) {
    }

    /**
     * @param featureUsage   adoption by client tool
     * @param userEngagement active people per day, week and month; new and returning people
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AdoptionRates(Boolean featureUsage, Boolean userEngagement,
            Boolean workflowIntegration) {
    }

    /**
     * A metric of the Cortex brief's own, e.g. the time code reviews take (docs/analytics.md#custom-metrics).
     *
     * @param type        histogram, counter or gauge
     * @param source      the events it is computed from: exchanges, feedback, budget_events or a2_events
     * @param filter      event attribute to the value it must have
     * @param dimensions  attributes it is broken down by
     * @param value       the numeric attribute a histogram or gauge observes (default: the stream's own measure)
     * @param description shown on /metrics
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomMetric(
            @NotBlank(message = "must name the metric") String name,
            String type,
            String source,
            Map<String, String> filter,
            List<@NotBlank(message = "must name a dimension") String> dimensions,
            String value,
            String description) {

        public CustomMetric {
            filter = Defaults.strings(filter);
            dimensions = Defaults.list(dimensions);
        }
    }

    /**
     * The Cortex brief's {@code cost_tracking}: its {@code enabled} is {@code cost_management.enabled} and its
     * {@code allocation_rules} are {@code cost_management.budgets.allocations}.
     *
     * @param providers the providers whose costs are tracked
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CostTracking(
            List<@NotBlank(message = "must name a provider") String> providers) {

        public CostTracking {
            providers = Defaults.list(providers);
        }
    }
}
