package dev.aurelis.configuration;

import jakarta.validation.Valid;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code integrations:} which outside systems Aurelis connects to. Flags left out are false. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Integrations(
        @Valid Sso sso,
        @Valid Scim scim,
        @NotYetEnforced("ide-plugins") IdeIntegration ideIntegration,
        @NotYetEnforced("workflows") Cicd cicd,
        @Valid Notifications notifications,
        Monitoring monitoring,
        @NotYetEnforced("workflows") Workflows workflows) {

    public Integrations {
        sso = Defaults.orElse(sso, Sso.defaults());
        scim = Defaults.orElse(scim, new Scim(null));
        ideIntegration = Defaults.orElse(ideIntegration, new IdeIntegration(false, false, false));
        cicd = Defaults.orElse(cicd, new Cicd(false, false, false, false));
        notifications = Defaults.orElse(notifications, new Notifications(null, null, null, null));
        monitoring = Defaults.orElse(monitoring, new Monitoring(null, false, false, false));
        workflows = Defaults.orElse(workflows, new Workflows(false, false, false, false));
    }

    public static Integrations defaults() {
        return new Integrations(null, null, null, null, null, null, null);
    }

    /**
     * {@code integrations.scim:} what identity providers may do through SCIM provisioning.
     *
     * @param allowedRoles the roles a SCIM group may confer on its members (through the team it manages); left
     *                     out, every role that is not administrative (see docs/access.md). Naming an
     *                     administrative role here is the only way to let SCIM confer it.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Scim(java.util.List<@jakarta.validation.constraints.NotBlank(message = "must name a role") String> allowedRoles) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IdeIntegration(boolean vscodeExtension, boolean jetbrainsPlugin, boolean vimPlugin) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Cicd(boolean githubActions, boolean jenkins, boolean azureDevops, boolean gitlabCi) {
    }

    /**
     * Which kinds of alert channel may be sent to. A switch left out allows its kind (channels exist only where
     * {@code alerts.channels} defines them); {@code false} stops every channel of the kind.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Notifications(Boolean slack, Boolean microsoftTeams, Boolean email, Boolean webhooks) {

        public boolean allows(Boolean setting) {
            return setting == null || setting;
        }
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
