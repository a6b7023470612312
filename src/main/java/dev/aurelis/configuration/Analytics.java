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
        @NotYetEnforced("analytics") boolean codeQualityMetrics,
        boolean executiveReports,
        boolean teamInsights,
        boolean productivityMetrics,
        boolean roiAnalysis,
        @Positive(message = "must be at least 1 day") Integer rawDataRetentionDays,
        @Positive(message = "must be at least 1 day") Integer aggregatedDataRetentionDays,
        boolean dataExport,
        boolean apiAccess,
        @NotYetEnforced("analytics") boolean dashboardEmbedding,
        @NotYetEnforced("analytics") Map<String, Map<String, Boolean>> metrics,
        @NotYetEnforced("analytics") List<@NotNull(message = "must not be empty") @Valid CustomMetric> customMetrics,
        @Valid CostTracking costTracking) {

    public Analytics {
        metrics = Defaults.map(metrics, Map::of);
        customMetrics = Defaults.list(customMetrics);
        costTracking = Defaults.orElse(costTracking, new CostTracking(null));
    }

    public static Analytics defaults() {
        return new Analytics(false, null, false, false, false, false, false, false, false, null, null,
                false, false, false, null, null, null);
    }

    /**
     * A metric of the Cortex brief's own, e.g. the time code reviews take.
     *
     * @param type       histogram, counter or gauge
     * @param source     the events it is computed from
     * @param filter     event attribute to the value it must have
     * @param dimensions attributes it is broken down by
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomMetric(
            @NotBlank(message = "must name the metric") String name,
            String type,
            String source,
            Map<String, String> filter,
            List<@NotBlank(message = "must name a dimension") String> dimensions) {

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
            @NotYetEnforced("analytics") List<@NotBlank(message = "must name a provider") String> providers) {

        public CostTracking {
            providers = Defaults.list(providers);
        }
    }
}
