package dev.aurelis.operations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders {@code deploy/helm/aurelis} with Helm itself (its Go library, through JNI) and checks every object against
 * the Kubernetes API's schemas and the brief's deployment invariants.
 */
class HelmChartTests {

    static final Path CHART = Path.of("deploy/helm/aurelis");
    static final Path PLAIN_MANIFESTS = Path.of("deploy/kubernetes/aurelis.yaml");
    static final String NAMESPACE = "aurelis";
    /** The Kubernetes version the schemas describe (client-java-api 27 follows Kubernetes 1.34). */
    static final String KUBERNETES_VERSION = "1.34.0";

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    static Stream<String> valueFiles() throws IOException {
        try (Stream<Path> files = Files.list(CHART)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("values-.+\\.yaml")).sorted()
                    .toList().stream();
        }
    }

    @Test
    void defaultsRenderValidObjectsHardenedAsTheBriefAsks() {
        List<JsonNode> objects = render(template());

        assertValid(objects);
        JsonNode deployment = only(objects, "Deployment");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/health");
        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/ready");
        assertThat(container.at("/livenessProbe/httpGet/port").asString()).isEqualTo("http");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(1000);
        assertThat(pod.at("/securityContext/fsGroup").asInt()).isEqualTo(1000);
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop").valueStream().map(JsonNode::asString))
                .containsExactly("ALL");
        assertThat(pod.at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/topologyKey")
                .asString()).isEqualTo("kubernetes.io/hostname");
        assertThat(deployment.at("/spec/strategy/type").asString()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(1);
        // the only writable paths are volumes: the read-only root needs nothing else
        assertThat(container.at("/volumeMounts").valueStream()
                .filter(m -> !m.path("readOnly").asBoolean(false)).map(m -> m.path("mountPath").asString()))
                .containsExactlyInAnyOrder("/var/lib/aurelis", "/tmp");
        // drain time fits inside the grace period the kubelet allows before SIGKILL
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(60 + 5);
        assertThat(env(container, "AURELIS_SHUTDOWN_DRAIN_TIMEOUT")).isEqualTo("60s");
        assertThat(env(container, "AURELIS_ENVIRONMENT")).isEqualTo("production");
        assertThat(container.at("/env").valueStream().filter(e -> e.path("name").asString().equals("GITHUB_ENTERPRISE_TOKEN"))
                .findFirst().orElseThrow().at("/valueFrom/secretKeyRef/key").asString()).isEqualTo("github-token");

        JsonNode hpa = only(objects, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(10);
        assertThat(deployment.has("replicas")).as("the autoscaler owns the replica count").isFalse();
        assertThat(only(objects, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(only(objects, "NetworkPolicy").at("/spec/policyTypes").size()).isEqualTo(2);
        assertThat(only(objects, "ConfigMap").at("/data/enterprise.aurelis.yaml").asString())
                .contains("min_replicas: 3").contains("backup_frequency: 4h");
        assertThat(only(objects, "Namespace").at("/metadata/labels/pod-security.kubernetes.io~1enforce").asString())
                .isEqualTo("restricted");
    }

    @ParameterizedTest
    @MethodSource("valueFiles")
    void everyShippedValuesFileRendersValidObjects(String file) {
        List<JsonNode> objects = render(template().withValuesFile(CHART.resolve(file)));

        assertValid(objects);
        assertThat(objects).anyMatch(o -> o.path("kind").asString().matches("Deployment|Rollout"));
    }

    @Test
    void theEnvironmentsEntryDecidesReplicasAndIsPassedToTheServer() {
        List<JsonNode> objects = render(template().withValuesFile(CHART.resolve("values-staging.yaml")));

        JsonNode deployment = only(objects, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(objects).noneMatch(o -> o.path("kind").asString().equals("HorizontalPodAutoscaler"));
        assertThat(env(deployment.at("/spec/template/spec/containers/0"), "AURELIS_ENVIRONMENT")).isEqualTo("staging");
        assertThat(only(objects, "ConfigMap").at("/data/enterprise.aurelis.yaml").asString())
                .contains("staging:").contains("production:");
    }

    @Test
    void productionScalesBetweenTheConfiguredBoundsAndShipsTheBriefsResources() {
        List<JsonNode> objects = render(template().withValuesFile(CHART.resolve("values-production.yaml")));

        assertValid(objects);
        JsonNode hpa = only(objects, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(5);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(10);
        JsonNode container = only(objects, "Deployment").at("/spec/template/spec/containers/0");
        assertThat(container.at("/resources/limits/memory").asString()).isEqualTo("4Gi");
        assertThat(objects).anyMatch(o -> o.path("kind").asString().equals("ServiceMonitor"));
    }

    @Test
    void theServiceMonitorScrapesWithTheMetricsTokenTheServerRequires() {
        List<JsonNode> objects = render(template().set("serviceMonitor.enabled", "true"));

        assertValid(objects);
        JsonNode endpoint = only(objects, "ServiceMonitor").at("/spec/endpoints/0");
        assertThat(endpoint.at("/path").asString()).isEqualTo("/metrics");
        assertThat(endpoint.at("/authorization/type").asString()).isEqualTo("Bearer");
        assertThat(endpoint.at("/authorization/credentials/name").asString()).isEqualTo("aurelis-secrets");
        assertThat(endpoint.at("/authorization/credentials/key").asString()).isEqualTo("metrics-token");
        JsonNode token = only(objects, "Deployment").at("/spec/template/spec/containers/0/env").valueStream()
                .filter(e -> e.path("name").asString().equals("AURELIS_METRICS_TOKEN")).findFirst().orElseThrow();
        assertThat(token.at("/valueFrom/secretKeyRef/name").asString()).isEqualTo("aurelis-secrets");
        assertThat(token.at("/valueFrom/secretKeyRef/key").asString()).isEqualTo("metrics-token");
    }

    @Test
    void blueGreenRolloutRollsBackOnTheBriefsThresholds() {
        List<JsonNode> objects = render(template().set("rollout.enabled", "true"));

        assertValid(objects);
        assertThat(objects).noneMatch(o -> o.path("kind").asString().equals("Deployment"));
        JsonNode rollout = only(objects, "Rollout");
        assertThat(rollout.at("/spec/strategy/blueGreen/activeService").asString()).isEqualTo("aurelis");
        assertThat(rollout.at("/spec/strategy/blueGreen/previewService").asString()).isEqualTo("aurelis-preview");
        assertThat(only(objects, "HorizontalPodAutoscaler").at("/spec/scaleTargetRef/kind").asString()).isEqualTo("Rollout");
        JsonNode metrics = only(objects, "AnalysisTemplate").at("/spec/metrics");
        assertThat(metrics.get(0).path("successCondition").asString()).endsWith("result[0] <= 0.05");
        assertThat(metrics.get(0).at("/provider/prometheus/query").asString())
                .contains("gen_ai_server_request_duration_seconds_count").contains("http_response_status_code=~\"5..\"");
        assertThat(metrics.get(1).path("successCondition").asString()).endsWith("result[0] <= 1");
        assertThat(metrics.get(1).at("/provider/prometheus/query").asString())
                .contains("gen_ai_server_time_to_first_token_seconds_bucket");
    }

    @Test
    void canarySendsTheConfiguredShareToTheNewVersionFirst() {
        List<JsonNode> objects = render(template().set("rollout.enabled", "true").set("rollout.strategy", "canary")
                .set("rollout.trafficSplit.green", "10"));

        assertValid(objects);
        JsonNode canary = only(objects, "Rollout").at("/spec/strategy/canary");
        assertThat(canary.at("/steps/0/setWeight").asInt()).isEqualTo(10);
        assertThat(canary.at("/analysis/templates/0/templateName").asString()).isEqualTo("aurelis-health");
    }

    @Test
    void refusesSeveralReplicasOnTheEmbeddedDatabase() {
        assertThatThrownBy(() -> render(template().set("database.url", "")))
                .hasMessageContaining("need an external PostgreSQL");
    }

    @Test
    void refusesAnUnknownRolloutStrategy() {
        assertThatThrownBy(() -> render(template().set("rollout.enabled", "true").set("rollout.strategy", "rainbow")))
                .hasMessageContaining("rollout.strategy must be blueGreen or canary");
    }

    @Test
    void theSchemasCatchAMisspeltField() {
        List<JsonNode> objects = render(template().set("securityContext.readOnlyRootFilesytem", "true"));

        assertThat(SCHEMAS.problems(only(objects, "Deployment")))
                .anyMatch(p -> p.contains("readOnlyRootFilesytem"));
    }

    @Test
    void helmLintAcceptsTheChart() {
        var result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    /**
     * deploy/kubernetes/aurelis.yaml is the chart rendered with its defaults, for those who apply plain manifests.
     * Regenerate it with -Daurelis.regenerate-manifests=true after changing the chart.
     */
    @Test
    void thePlainManifestsAreTheChartRendered() throws IOException {
        String rendered = "# Rendered from deploy/helm/aurelis with its default values (helm template aurelis deploy/helm/aurelis\n"
                + "# --namespace aurelis); change the chart, not this file. Set database.url and the Secret aurelis-secrets.\n"
                + template().call();
        if (Boolean.getBoolean("aurelis.regenerate-manifests")) {
            Files.writeString(PLAIN_MANIFESTS, rendered);
        }
        assertThat(Files.readString(PLAIN_MANIFESTS)).isEqualTo(rendered);
    }

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName("aurelis").withNamespace(NAMESPACE).withKubeVersion(KUBERNETES_VERSION);
    }

    private static List<JsonNode> render(TemplateCommand command) {
        String manifests = command.call();
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = YAML.createParser(manifests)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode object = iterator.next();
                if (object != null && !object.isEmpty()) {
                    objects.add(object);
                }
            }
        }
        assertThat(objects).isNotEmpty();
        return objects;
    }

    private static void assertValid(List<JsonNode> objects) {
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(SCHEMAS.problems(o)));
        assertThat(problems).as("schema problems").isEmpty();
        assertThat(objects).allSatisfy(o -> {
            if (!o.path("kind").asString().equals("Namespace")) {
                assertThat(o.at("/metadata/namespace").asString()).isEqualTo(NAMESPACE);
            }
        });
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asString().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    private static String env(JsonNode container, String name) {
        return container.path("env").valueStream().filter(e -> e.path("name").asString().equals(name))
                .map(e -> e.path("value").asString()).findFirst().orElse(null);
    }

}
