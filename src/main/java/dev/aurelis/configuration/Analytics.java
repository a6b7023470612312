package dev.aurelis.configuration;

import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code analytics:} what usage data is collected and reported, and how long it is kept. Flags left out are false. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Analytics(
        boolean enabled,
        boolean usageTracking,
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
        boolean dashboardEmbedding) {

    public static Analytics defaults() {
        return new Analytics(false, false, false, false, false, false, false, false, false, null, null,
                false, false, false);
    }
}
