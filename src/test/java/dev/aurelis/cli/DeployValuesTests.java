package dev.aurelis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.aurelis.operations.kubernetes.KubernetesSchemas;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code aurelis deploy values}: the briefs' deployment settings rendered as the chart's values, then the chart
 * rendered with them by Helm itself and every object checked against the Kubernetes schemas.
 */
class DeployValuesTests {

    private static final Path CHART = Path.of("deploy/helm/aurelis");
    private static final Path BRIEF = Path.of("examples/brief");
    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @TempDir
    Path directory;

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void theBriefsTemplateScalesThreeToTenOnSeparateNodesBehindNginx() throws IOException {
        List<JsonNode> objects = deploy(Path.of("examples/enterprise.aurelis.yaml"), "production");

        JsonNode hpa = only(objects, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(10);
        JsonNode pod = only(objects, "Deployment").at("/spec/template/spec");
        // cluster_mode: never two replicas on one node
        assertThat(pod.at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey")
                .asString()).isEqualTo("kubernetes.io/hostname");
        assertThat(pod.at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution").isMissingNode())
                .isTrue();
        assertThat(only(objects, "Service").at("/spec/type").asString()).isEqualTo("ClusterIP");
        assertThat(only(objects, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        // the file itself, as written, is the ConfigMap
        assertThat(only(objects, "ConfigMap").at("/data/enterprise.aurelis.yaml").asString())
                .isEqualTo(Files.readString(Path.of("examples/enterprise.aurelis.yaml")).stripTrailing() + "\n");
    }

    @Test
    void theLoadBalancerNamesTheIngressClassAndTlsAtTheIngressTellsTheServer() throws IOException {
        String values = values(Path.of("examples/enterprise.aurelis.yaml"), "production");
        List<JsonNode> objects = render(values, Map.of("ingress.enabled", "true", "ingress.hosts[0].host", "aurelis.example.com",
                "ingress.tls[0].secretName", "aurelis-tls", "ingress.tls[0].hosts[0]", "aurelis.example.com"));

        JsonNode ingress = only(objects, "Ingress");
        assertThat(ingress.at("/spec/ingressClassName").asString()).isEqualTo("nginx");
        assertThat(ingress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-buffering").asString())
                .isEqualTo("off");
        assertThat(env(only(objects, "Deployment"), "AURELIS_TLS_TERMINATION")).isEqualTo("ingress");
        assertThat(env(only(render(values, Map.of()), "Deployment"), "AURELIS_TLS_TERMINATION")).isNull();
    }

    @Test
    void theAwsDeploymentScalesOnItsCpuTargetInItsRegionOnItsInstanceType() throws IOException {
        List<JsonNode> objects = deploy(BRIEF.resolve("cortex-deployment-aws.json"), null);

        JsonNode hpa = only(objects, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(10);
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);
        JsonNode selector = only(objects, "Deployment").at("/spec/template/spec/nodeSelector");
        assertThat(selector.path("topology.kubernetes.io/region").asString()).isEqualTo("us-west-2");
        assertThat(selector.path("node.kubernetes.io/instance-type").asString()).isEqualTo("t3.medium");
    }

    @Test
    void blueGreenWithASplitSendsTheGreenShareFirstAndRollsBackOnTheBriefsThresholds() throws IOException {
        List<JsonNode> objects = deploy(BRIEF.resolve("cortex-blue-green-deployment.json"), null);

        JsonNode rollout = only(objects, "Rollout");
        assertThat(objects).noneMatch(o -> o.path("kind").asString().equals("Deployment"));
        JsonNode canary = rollout.at("/spec/strategy/canary");
        assertThat(canary.at("/steps/0/setWeight").asInt()).isEqualTo(10);
        assertThat(canary.at("/steps/2/setWeight").asInt()).isEqualTo(50);
        assertThat(canary.at("/analysis/templates/0/templateName").asString()).isEqualTo("aurelis-health");
        JsonNode metrics = only(objects, "AnalysisTemplate").at("/spec/metrics");
        assertThat(metrics.get(0).path("successCondition").asString()).endsWith("result[0] <= 0.05");
        assertThat(metrics.get(0).at("/provider/prometheus/query").asString())
                .contains("gen_ai_server_request_duration_seconds_count");
        // "> 1000ms"
        assertThat(metrics.get(1).path("successCondition").asString()).endsWith("result[0] <= 1");
        JsonNode liveness = rollout.at("/spec/template/spec/containers/0/livenessProbe");
        assertThat(liveness.at("/httpGet/path").asString()).isEqualTo("/health");
        assertThat(liveness.path("timeoutSeconds").asInt()).isEqualTo(30);
        assertThat(liveness.path("failureThreshold").asInt()).isEqualTo(3);
    }

    @Test
    void blueGreenWithoutASplitKeepsAPreviewAndWithoutAutoRollbackWaitsForAPerson() throws IOException {
        Path file = write("""
                deployment:
                  strategy: blue_green
                  rollback: { auto_rollback: false }
                """);

        List<JsonNode> objects = deploy(file, null);

        JsonNode blueGreen = only(objects, "Rollout").at("/spec/strategy/blueGreen");
        assertThat(blueGreen.path("previewService").asString()).isEqualTo("aurelis-preview");
        assertThat(blueGreen.path("autoPromotionEnabled").asBoolean()).isFalse();
        assertThat(blueGreen.has("prePromotionAnalysis")).isFalse();
        assertThat(objects).noneMatch(o -> o.path("kind").asString().equals("AnalysisTemplate"));
    }

    @Test
    void spotWithFallbackPrefersSpotNodesAndBusinessHoursScaleWithKeda() throws IOException {
        List<JsonNode> objects = deploy(BRIEF.resolve("cortex-cost-optimization.json"), null);

        JsonNode pod = only(objects, "Deployment").at("/spec/template/spec");
        JsonNode preferred = pod.at("/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/preference/matchExpressions/0");
        assertThat(preferred.path("key").asString()).isEqualTo("eks.amazonaws.com/capacityType");
        assertThat(preferred.at("/values/0").asString()).isEqualTo("SPOT");
        assertThat(pod.at("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution").isMissingNode()).isTrue();
        JsonNode scaled = only(objects, "ScaledObject");
        assertThat(objects).noneMatch(o -> o.path("kind").asString().equals("HorizontalPodAutoscaler"));
        assertThat(scaled.at("/spec/maxReplicaCount").asInt()).isEqualTo(10);
        JsonNode cron = scaled.at("/spec/triggers/0");
        assertThat(cron.path("type").asString()).isEqualTo("cron");
        assertThat(cron.at("/metadata/desiredReplicas").asString()).isEqualTo("3");
        assertThat(cron.at("/metadata/start").asString()).isEqualTo("0 8 * * 1-5");
        assertThat(scaled.at("/spec/minReplicaCount").asInt()).isLessThanOrEqualTo(3);
    }

    @Test
    void spotWithoutFallbackOnAzureRequiresSpotNodesAndToleratesTheirTaint() throws IOException {
        Path file = write("""
                cost_optimization:
                  enabled: true
                  strategies: [{ type: spot_instances, provider: azure, fallback_to_on_demand: false }]
                """);

        JsonNode pod = only(deploy(file, null), "Deployment").at("/spec/template/spec");

        assertThat(pod.at("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/key")
                .asString()).isEqualTo("kubernetes.azure.com/scalesetpriority");
        assertThat(pod.at("/tolerations/0/key").asString()).isEqualTo("kubernetes.azure.com/scalesetpriority");
        assertThat(pod.at("/tolerations/0/effect").asString()).isEqualTo("NoSchedule");
    }

    @Test
    void eachCortexEnvironmentGetsItsReplicasAndSizeClass() throws IOException {
        Path file = BRIEF.resolve("cortex-environments.json");

        JsonNode development = only(deploy(file, "development"), "Deployment");
        JsonNode production = only(deploy(file, "production"), "Deployment");

        assertThat(development.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(development.at("/spec/template/spec/containers/0/resources/limits/memory").asString()).isEqualTo("1Gi");
        assertThat(production.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(production.at("/spec/template/spec/containers/0/resources/limits/memory").asString()).isEqualTo("4Gi");
        assertThat(production.at("/spec/template/spec/containers/0/resources/requests/cpu").asString()).isEqualTo("500m");
    }

    @Test
    void anEnvironmentWithLoadBalancingGetsACloudLoadBalancer() throws IOException {
        List<JsonNode> objects = deploy(BRIEF.resolve("aurelis-environments.yaml"), "production");

        assertThat(only(objects, "Service").at("/spec/type").asString()).isEqualTo("LoadBalancer");
        assertThat(only(objects, "HorizontalPodAutoscaler").at("/spec/minReplicas").asInt()).isEqualTo(5);
        assertThat(values(BRIEF.resolve("aurelis-environments.yaml"), "production"))
                .contains("crossRegionReplication: true").contains("rpoMinutes: 5").contains("backupFrequency: \"4h\"");
    }

    @Test
    void theEnvironmentsFeatureFlagsAreReportedByConfigCheck() throws IOException {
        Run run = run("config", "check", BRIEF.resolve("cortex-environments.json").toString(), "--environment", "staging",
                "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode flags = AurelisCommand.JSON.readTree(run.out()).get("feature_flags");
        assertThat(flags.valueStream().map(JsonNode::asString)).containsExactly("beta_features", "experimental");
    }

    @Test
    void refusesWhatItCannotRenderWithTheReason() throws IOException {
        Run balancer = run("deploy", "values", write("high_availability: { enabled: true, load_balancer: f5 }\n").toString());
        Run threshold = run("deploy", "values", write("""
                deployment: { strategy: canary, rollback: { auto_rollback: true, metrics_threshold: { error_rate: "lots" } } }
                """).toString());
        Run size = run("deploy", "values", write("""
                environments: { production: { resources: enormous } }
                environment: production
                """).toString());

        assertThat(balancer.exitCode()).isEqualTo(1);
        assertThat(balancer.err()).contains("high_availability.load_balancer: 'f5' has no rendering");
        assertThat(threshold.exitCode()).isEqualTo(1);
        assertThat(threshold.err()).contains("metrics_threshold.error_rate: 'lots' is not a threshold");
        assertThat(size.exitCode()).isEqualTo(1);
        assertThat(size.err()).contains("resources: 'enormous' is not a size class");
    }

    private List<JsonNode> deploy(Path file, String environment) throws IOException {
        return render(values(file, environment), Map.of());
    }

    private String values(Path file, String environment) {
        Run run = environment == null ? run("deploy", "values", file.toString())
                : run("deploy", "values", file.toString(), "--environment", environment);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    private List<JsonNode> render(String values, Map<String, String> set) throws IOException {
        Path file = Files.writeString(Files.createTempFile(directory, "values", ".yaml"), values);
        var command = new Helm(CHART).template().withName("aurelis").withNamespace("aurelis").withKubeVersion("1.34.0")
                .withValuesFile(file);
        set.forEach(command::set);
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = YAML.createParser(command.call())) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode object = iterator.next();
                if (object != null && !object.isEmpty()) {
                    objects.add(object);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(SCHEMAS.problems(o)));
        assertThat(problems).as("schema problems").isEmpty();
        return objects;
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "aurelis", ".yaml"), yaml);
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asString().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    private static String env(JsonNode workload, String name) {
        return workload.at("/spec/template/spec/containers/0/env").valueStream()
                .filter(e -> e.path("name").asString().equals(name))
                .map(e -> e.path("value").asString()).findFirst().orElse(null);
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = AurelisCommand.commandLine(new AurelisCommand(Map.of(), Clock.systemUTC(), null));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
