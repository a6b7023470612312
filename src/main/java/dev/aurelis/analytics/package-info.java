/**
 * Usage and cost read models maintained from the ledger feed (hourly and daily rollups with latency sketches), and
 * the reports and analytics computed from them: usage, cost, adoption, team insights, the executive report with ROI,
 * feedback, custom metrics, trends and forecasts, and signed chart embeds.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analytics",
        allowedDependencies = {"spend", "tenancy", "storage", "privacy", "identity"})
package dev.aurelis.analytics;
