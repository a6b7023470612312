package dev.aurelis.configuration;

import jakarta.validation.Valid;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code integrations:} which outside systems Aurelis connects to. Flags left out are false. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Integrations(
        @Valid Sso sso,
        @NotYetEnforced("ide-plugins") IdeIntegration ideIntegration,
        @NotYetEnforced("workflows") Cicd cicd,
        @NotYetEnforced("alerting") Notifications notifications,
        Monitoring monitoring,
        @NotYetEnforced("workflows") Workflows workflows) {

    public Integrations {
        sso = Defaults.orElse(sso, Sso.defaults());
        ideIntegration = Defaults.orElse(ideIntegration, new IdeIntegration(false, false, false));
        cicd = Defaults.orElse(cicd, new Cicd(false, false, false, false));
        notifications = Defaults.orElse(notifications, new Notifications(false, false, false, false));
        monitoring = Defaults.orElse(monitoring, new Monitoring(null, false, false, false));
        workflows = Defaults.orElse(workflows, new Workflows(false, false, false, false));
    }

    public static Integrations defaults() {
        return new Integrations(null, null, null, null, null, null);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IdeIntegration(boolean vscodeExtension, boolean jetbrainsPlugin, boolean vimPlugin) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Cicd(boolean githubActions, boolean jenkins, boolean azureDevops, boolean gitlabCi) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Notifications(boolean slack, boolean microsoftTeams, boolean email, boolean webhooks) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Monitoring(
            @AlwaysOn("GET /metrics serves Prometheus's text format") Boolean prometheus,
            @NotYetEnforced("operations") boolean grafana,
            @NotYetEnforced("operations") boolean datadog,
            @NotYetEnforced("operations") boolean newrelic) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Workflows(
            boolean enabled, boolean customWorkflows, boolean approvalProcesses, boolean automatedReviews) {
    }
}
