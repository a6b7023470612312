package dev.aurelis.configuration;

import jakarta.validation.Valid;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code integrations:} which outside systems Aurelis connects to. Flags left out are false. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Integrations(
        @Valid Sso sso,
        @Valid Scim scim,
        @NotYetEnforced("ide-plugins") IdeIntegration ideIntegration,
        Cicd cicd,
        @Valid Notifications notifications,
        Monitoring monitoring,
        @Valid Workflows workflows) {

    public Integrations {
        sso = Defaults.orElse(sso, Sso.defaults());
        scim = Defaults.orElse(scim, new Scim(null));
        ideIntegration = Defaults.orElse(ideIntegration, new IdeIntegration(false, false, false));
        cicd = Defaults.orElse(cicd, new Cicd(false, false, false, false));
        notifications = Defaults.orElse(notifications, new Notifications(null, null, null, null));
        monitoring = Defaults.orElse(monitoring, new Monitoring(null, false, false, false));
        workflows = Defaults.orElse(workflows, new Workflows(false, false, false, false, null, null, null, null));
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

    /**
     * {@code integrations.cicd:} the CI systems that may run reviews through {@code aurelis review} or
     * {@code POST /api/v1/workflows/reviews}; a review from a system switched off here is refused.
     */
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

    /**
     * {@code integrations.workflows:} code-review workflows (docs/workflows.md).
     *
     * @param enabled           whether any workflow runs (webhooks and reviews are refused otherwise)
     * @param customWorkflows   whether definitions may use custom steps (a prompt of their own)
     * @param approvalProcesses whether definitions may hold approval steps
     * @param automatedReviews  whether repository webhooks start runs (reviews from CI run either way)
     * @param github            the GitHub API and the webhook secret
     * @param gitlab            the GitLab API and the webhook token
     * @param repositories      the repositories reviewed, each attributed to a team and project
     * @param definitions       the workflows; left out, the brief's {@code enterprise_code_review}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Workflows(
            boolean enabled, boolean customWorkflows, boolean approvalProcesses,
            boolean automatedReviews,
            @Valid ScmConnection github, @Valid ScmConnection gitlab,
            List<@jakarta.validation.constraints.NotNull(message = "must not be empty") @Valid WorkflowRepository> repositories,
            List<@jakarta.validation.constraints.NotNull(message = "must not be empty") @Valid WorkflowDefinition> definitions) {

        public Workflows {
            github = Defaults.orElse(github, new ScmConnection(null, null, null));
            gitlab = Defaults.orElse(gitlab, new ScmConnection(null, null, null));
            repositories = Defaults.list(repositories);
            definitions = Defaults.list(definitions);
        }
    }
}
