package dev.aurelis.configuration;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code advanced_features:} optional capabilities switched on per installation. Flags left out are false.
 * {@code custom_workflows}, {@code approval_workflows} and {@code automated_code_review} are the same settings as
 * {@code integrations.workflows.custom_workflows}, {@code approval_processes} and {@code automated_reviews}.
 * {@code anomaly_detection} learns per-team baselines and adds the brief's unusual-usage rule (docs/alerting.md);
 * {@code webhook_support} left out allows outbound webhooks (alerting's webhook channels and the webhook
 * subscriptions), {@code false} stops them; {@code graphql_api: true} serves the GraphQL API at {@code /graphql};
 * {@code sdk_support: true} hands out the client SDKs at {@code /api/v1/sdks} (ADR 0068);
 * {@code organization_specific_models: true} lets an organisation register its own models (its fine-tunes, dedicated
 * deployments) at {@code /api/v1/models/organization} and {@code model_customization: true} named variants of models
 * (a system prompt and default parameters) at {@code /api/v1/models/variants}, both served to that organisation only
 * (ADR 0071).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdvancedFeatures(
        boolean modelCustomization,
        boolean organizationSpecificModels,
        boolean predictiveAnalytics,
        boolean anomalyDetection,
        boolean trendAnalysis,
        @AlwaysOn("the admin REST API under /api/v1 is part of every installation") Boolean restApi,
        boolean graphqlApi,
        Boolean webhookSupport,
        boolean sdkSupport) {

    public static AdvancedFeatures defaults() {
        return new AdvancedFeatures(false, false, false, false, false, null, false, null, false);
    }
}
