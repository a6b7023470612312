package dev.aurelis.configuration;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code advanced_features:} optional capabilities switched on per installation. Flags left out are false. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdvancedFeatures(
        boolean modelCustomization,
        boolean organizationSpecificModels,
        boolean predictiveAnalytics,
        boolean anomalyDetection,
        boolean trendAnalysis,
        boolean customWorkflows,
        boolean approvalWorkflows,
        boolean automatedCodeReview,
        boolean restApi,
        boolean graphqlApi,
        boolean webhookSupport,
        boolean sdkSupport) {

    public static AdvancedFeatures defaults() {
        return new AdvancedFeatures(false, false, false, false, false, false, false, false, false, false, false,
                false);
    }
}
