package dev.aurelis.configuration;

import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code analytics:} what usage data is collected and reported, and how long it is kept. Flags left out are false. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Analytics(
        @NotYetEnforced("analytics") boolean enabled,
        @AlwaysOn("every exchange is metered in the usage ledger") Boolean usageTracking,
        @NotYetEnforced("analytics") boolean performanceMonitoring,
        @NotYetEnforced("analytics") boolean userBehaviorAnalysis,
        @NotYetEnforced("analytics") boolean codeQualityMetrics,
        @NotYetEnforced("analytics") boolean executiveReports,
        @NotYetEnforced("analytics") boolean teamInsights,
        @NotYetEnforced("analytics") boolean productivityMetrics,
        @NotYetEnforced("analytics") boolean roiAnalysis,
        @Positive(message = "must be at least 1 day") Integer rawDataRetentionDays,
        @Positive(message = "must be at least 1 day") Integer aggregatedDataRetentionDays,
        @NotYetEnforced("analytics") boolean dataExport,
        @NotYetEnforced("analytics") boolean apiAccess,
        @NotYetEnforced("analytics") boolean dashboardEmbedding) {

    public static Analytics defaults() {
        return new Analytics(false, null, false, false, false, false, false, false, false, null, null,
                false, false, false);
    }
}
