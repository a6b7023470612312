/**
 * Code-review workflows: repository webhooks (GitHub, GitLab) and CI start runs of configured workflows whose steps
 * review a change with models through the gateway's own pipeline, and whose results go back as check runs, review
 * comments and one summary comment. The root holds what other modules may use (the run's past-tense events).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Workflows",
        allowedDependencies = {"configuration", "gateway", "identity", "access", "tenancy", "storage", "alerting", "audit", "spend",
                "analytics", "privacy"})
package dev.aurelis.workflows;
