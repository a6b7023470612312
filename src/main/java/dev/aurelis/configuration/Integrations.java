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
        IdeIntegration ideIntegration,
        Cicd cicd,
        @Valid Notifications notifications,
        @Valid Monitoring monitoring,
        @Valid Workflows workflows) {

    public Integrations {
        sso = Defaults.orElse(sso, Sso.defaults());
        scim = Defaults.orElse(scim, new Scim(null));
        ideIntegration = Defaults.orElse(ideIntegration, IdeIntegration.allAllowed());
        cicd = Defaults.orElse(cicd, new Cicd(false, false, false, false));
        notifications = Defaults.orElse(notifications, new Notifications(null, null, null, null));
        monitoring = Defaults.orElse(monitoring, Monitoring.defaults());
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

    /**
     * {@code integrations.ide_integration:} which IDE families' assistants may call the gateway (ADR 0068). Left out,
     * every family may; declared, a family left out or {@code false} is refused at the gateway's access step (403
     * naming the flag), and {@code GET /api/v1/ide/setup} serves the settings of the families allowed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IdeIntegration(boolean vscodeExtension, boolean jetbrainsPlugin, boolean vimPlugin) {

        static IdeIntegration allAllowed() {
            return new IdeIntegration(true, true, true);
        }

        /** The flags ({@code vscode_extension}, {@code jetbrains_plugin}, {@code vim_plugin}) that are false. */
        public java.util.Set<String> refusedFamilies() {
            java.util.Set<String> refused = new java.util.LinkedHashSet<>();
            if (!vscodeExtension) {
                refused.add("vscode_extension");
            }
            if (!jetbrainsPlugin) {
                refused.add("jetbrains_plugin");
            }
            if (!vimPlugin) {
                refused.add("vim_plugin");
            }
            return refused;
        }
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

    /**
     * {@code integrations.monitoring:} where Aurelis's metrics go besides {@code GET /metrics} (docs/alerting.md,
     * ADR 0056).
     *
     * @param grafana            publish Aurelis's dashboard to {@code grafana_url} at start
     * @param datadog            push the metrics over OTLP to the Datadog Agent ({@code datadog_endpoint})
     * @param newrelic           push the metrics over OTLP to New Relic ({@code newrelic_endpoint}, with
     *                           {@code newrelic_license_key})
     * @param grafanaUrl         e.g. {@code https://grafana.example.com}
     * @param grafanaToken       a Grafana service account token allowed to write dashboards
     * @param grafanaFolderUid   the folder the dashboard goes in; left out, the General folder
     * @param datadogEndpoint    default {@code http://localhost:4318/v1/metrics}, the Agent's OTLP/HTTP receiver
     * @param newrelicEndpoint   default {@code https://otlp.nr-data.net/v1/metrics} (EU accounts:
     *                           {@code https://otlp.eu01.nr-data.net/v1/metrics})
     * @param newrelicLicenseKey the account's ingest license key, e.g. {@code ${NEW_RELIC_LICENSE_KEY}}
     * @param pushInterval       how often metrics are pushed; default 30s
     * @param tracing            OpenTelemetry traces of each exchange over OTLP (ADR 0062)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Monitoring(
            @AlwaysOn("GET /metrics serves Prometheus's text format") Boolean prometheus,
            boolean grafana,
            boolean datadog,
            boolean newrelic,
            java.net.URI grafanaUrl,
            String grafanaToken,
            String grafanaFolderUid,
            java.net.URI datadogEndpoint,
            java.net.URI newrelicEndpoint,
            String newrelicLicenseKey,
            @tools.jackson.databind.annotation.JsonDeserialize(using = HumanDurationDeserializer.class)
            java.time.Duration pushInterval,
            @Valid Tracing tracing) {

        public static final java.net.URI DATADOG_AGENT = java.net.URI.create("http://localhost:4318/v1/metrics");
        public static final java.net.URI NEW_RELIC = java.net.URI.create("https://otlp.nr-data.net/v1/metrics");
        public static final java.time.Duration DEFAULT_PUSH_INTERVAL = java.time.Duration.ofSeconds(30);

        public Monitoring {
            grafanaToken = Defaults.blankToNull(grafanaToken);
            grafanaFolderUid = Defaults.blankToNull(grafanaFolderUid);
            newrelicLicenseKey = Defaults.blankToNull(newrelicLicenseKey);
            datadogEndpoint = Defaults.orElse(datadogEndpoint, DATADOG_AGENT);
            newrelicEndpoint = Defaults.orElse(newrelicEndpoint, NEW_RELIC);
            pushInterval = Defaults.orElse(pushInterval, DEFAULT_PUSH_INTERVAL);
            tracing = Defaults.orElse(tracing, Tracing.defaults());
        }

        static Monitoring defaults() {
            return new Monitoring(null, false, false, false, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * {@code integrations.monitoring.tracing:} OpenTelemetry traces of each exchange, exported over OTLP/HTTP (docs/
     * operations.md, ADR 0062). The standard {@code OTEL_EXPORTER_OTLP_*} and {@code OTEL_TRACES_SAMPLER_ARG} variables
     * fill in what is left out here.
     *
     * @param enabled       export traces; left out, on when the environment names an OTLP traces endpoint
     *                      ({@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_ENDPOINT})
     * @param endpoint      the OTLP/HTTP traces URL, e.g. {@code http://otel-collector:4318/v1/traces}; left out, the
     *                      environment's, else {@code http://localhost:4318/v1/traces} (a local Collector or Datadog
     *                      Agent)
     * @param headers       sent with every export, e.g. {@code api-key: ${NEW_RELIC_LICENSE_KEY}}
     * @param samplingRatio the share of new traces recorded, 0 to 1; a caller's {@code traceparent} decides for its
     *                      own (parent-based). Left out: {@code OTEL_TRACES_SAMPLER_ARG}, else 0.1
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tracing(
            Boolean enabled,
            java.net.URI endpoint,
            java.util.Map<String, @jakarta.validation.constraints.NotBlank(message = "must not be empty") String> headers,
            @jakarta.validation.constraints.DecimalMin(value = "0", message = "must be between 0 and 1")
            @jakarta.validation.constraints.DecimalMax(value = "1", message = "must be between 0 and 1")
            Double samplingRatio) {

        public static final java.net.URI DEFAULT_ENDPOINT = java.net.URI.create("http://localhost:4318/v1/traces");

        public Tracing {
            headers = headers == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers)); // validated after
        }

        static Tracing defaults() {
            return new Tracing(null, null, null, null);
        }

        /** Whether traces are exported, given the OTLP traces endpoint the environment names (or null). */
        public boolean on(String environmentEndpoint) {
            return enabled != null ? enabled : environmentEndpoint != null && !environmentEndpoint.isBlank();
        }

        /** Where traces go: this file's endpoint, else the environment's, else a local Collector's. */
        public java.net.URI endpointOr(String environmentEndpoint) {
            return endpoint != null ? endpoint
                    : environmentEndpoint != null && !environmentEndpoint.isBlank()
                            ? java.net.URI.create(environmentEndpoint.strip()) : DEFAULT_ENDPOINT;
        }
    }

    /**
     * {@code integrations.workflows:} code-review workflows (docs/workflows.md).
     *
     * @param enabled           whether any workflow runs (webhooks and reviews are refused otherwise)
     * @param customWorkflows   whether definitions may use custom steps (a prompt of their own)
     * @param approvalProcesses whether definitions may hold approval steps
     * @param automatedReviews  whether repository webhooks start runs (reviews from CI run either way)
     * @param github            the GitHub API (a token, or a GitHub App) and the webhook secret
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
            if (gitlab.app() != null) {
                throw new IllegalArgumentException("gitlab.app: GitLab has no apps; give it a token");
            }
            repositories = Defaults.list(repositories);
            definitions = Defaults.list(definitions);
        }
    }
}
