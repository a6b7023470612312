/**
 * The admin API endpoints that combine several modules (budgets, usage, cost report, teams, roles, role bindings,
 * configuration status, provider health), the one computation of how far a caller reaches ({@code ReportReach}), and how
 * errors of every admin endpoint are answered.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin API edge", allowedDependencies = {"identity", "access", "spend", "tenancy", "routing", "configuration", "analytics", "storage", "privacy"})
package dev.aurelis.api;
