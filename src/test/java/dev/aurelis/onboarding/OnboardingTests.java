package dev.aurelis.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.cli.AurelisCommand;
import dev.aurelis.testing.FakeOidcProvider;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code aurelis onboard} on the brief's template against a server started with it: every one of the twelve steps
 * is reported, in the brief's order; an identity provider that cannot be reached stops the run at the SSO step with
 * the reason, and the next run resumes there once it answers. The template is used unchanged except for the one
 * thing it leaves out, where its Okta sign-in lives (an OIDC issuer: a fake provider on loopback).
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class OnboardingTests {

    private static final String ADMIN_KEY = "aur-onboarding-bootstrap-admin-key-0123456789";
    /** Who the bootstrap administrator key acts as (aurelis.bootstrap-admin-email's default). */
    private static final String ADMIN_EMAIL = "admin@aurelis.local";
    private static final List<String> BRIEF_STEPS = List.of("setup_tenant_isolation", "configure_sso_integration",
            "setup_rbac_policies", "configure_cost_management", "setup_monitoring_alerts",
            "configure_compliance_controls", "deploy_production_environment", "setup_backup_procedures",
            "configure_security_policies", "setup_analytics_dashboard", "train_administrators", "validate_deployment");

    private static final FakeOidcProvider IDP = FakeOidcProvider.start();
    private static final Path CONFIG = templateWithIssuer(IDP.issuer());

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        // as in EnterpriseTemplateServerTests: an ingress terminates TLS in front (ADR 0049)
        registry.add("aurelis.tls.termination", () -> "ingress");
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @Test
    void onboardsTheBriefsTemplateReportingEachStepAndARerunChangesNothing() {
        Run first = onboard("--config", CONFIG.toString(), "--restart", "-o", "json");

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        JsonNode report = first.json();
        assertThat(report.get("onboarding_status").asString()).isEqualTo("completed");
        assertThat(report.get("steps_completed").asInt()).isEqualTo(12);
        assertThat(report.get("total_steps").asInt()).isEqualTo(12);
        assertThat(names(report)).isEqualTo(BRIEF_STEPS);
        report.get("results").forEach(step -> {
            assertThat(step.get("status").asString()).as(step.toString()).isEqualTo("success");
            assertThat(step.has("resumed")).as(step.toString()).isFalse();
        });
        assertThat(step(report, "configure_sso_integration").path("result").path("authorization_endpoint").asString())
                .isEqualTo(IDP.issuer() + "/connect/authorize");
        assertThat(step(report, "configure_cost_management").path("result").path("budgets_declared").asInt())
                .as("the template's organisation (monthly, quarterly, annual) and three department budgets").isEqualTo(6);
        assertThat(step(report, "setup_tenant_isolation").path("result").path("row_level_security_tables").asInt())
                .isPositive();
        assertThat(step(report, "train_administrators").path("result").path("guides").get(0).asString())
                .isEqualTo("/api/v1/onboarding/training/onboarding");
        assertThat(admin("GET", "/api/v1/onboarding/training/onboarding", null).body()).contains("# Onboarding");

        JsonNode last = GatewayHttp.JSON.readTree(admin("GET", "/api/v1/onboarding", null).body());
        assertThat(last.get("run_id").asString()).isEqualTo(report.get("run_id").asString());
        assertThat(last.get("onboarding_status").asString()).isEqualTo("completed");

        Run again = onboard("--config", CONFIG.toString(), "-o", "json");

        assertThat(again.exit()).as(again.err()).isZero();
        JsonNode rerun = again.json();
        assertThat(rerun.get("onboarding_status").asString()).isEqualTo("completed");
        rerun.get("results").forEach(step -> assertThat(step.path("resumed").asBoolean()).as(step.toString()).isTrue());
        assertThat(step(rerun, "setup_backup_procedures").path("result"))
                .isEqualTo(step(report, "setup_backup_procedures").path("result"));
    }

    @Test
    void stopsAtTheSsoStepWhenTheIdentityProviderIsUnreachableAndResumesThereOnceItAnswers() {
        IDP.stop();
        Run failed;
        try {
            failed = onboard("--config", CONFIG.toString(), "--restart", "-o", "json");
        } finally {
            IDP.restart();
        }

        assertThat(failed.exit()).isEqualTo(1);
        JsonNode report = failed.json();
        assertThat(report.get("onboarding_status").asString()).isEqualTo("failed");
        assertThat(report.get("steps_completed").asInt()).isEqualTo(1);
        assertThat(report.get("total_steps").asInt()).isEqualTo(12);
        assertThat(names(report)).containsExactly("setup_tenant_isolation", "configure_sso_integration");
        JsonNode sso = step(report, "configure_sso_integration");
        assertThat(sso.get("status").asString()).isEqualTo("error");
        assertThat(sso.get("error").asString()).contains(IDP.issuer() + "/.well-known/openid-configuration")
                .contains("could not be reached");
        assertThat(GatewayHttp.JSON.readTree(admin("GET", "/api/v1/onboarding", null).body())
                .get("onboarding_status").asString()).isEqualTo("failed");

        Run resumed = onboard("--config", CONFIG.toString(), "-o", "json");

        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        JsonNode after = resumed.json();
        assertThat(after.get("onboarding_status").asString()).isEqualTo("completed");
        assertThat(after.get("steps_completed").asInt()).isEqualTo(12);
        assertThat(step(after, "setup_tenant_isolation").path("resumed").asBoolean()).isTrue();
        assertThat(step(after, "configure_sso_integration").has("resumed")).isFalse();
        assertThat(step(after, "configure_sso_integration").get("status").asString()).isEqualTo("success");
    }

    @Test
    void aRunItsStepsAndItsEndAreInTheAuditTrailWithWhoStartedIt() {
        IDP.stop();
        Run failed;
        try {
            failed = onboard("--config", CONFIG.toString(), "--restart", "-o", "json");
        } finally {
            IDP.restart();
        }
        String run = failed.json().get("run_id").asString();
        Run resumed = onboard("--config", CONFIG.toString(), "-o", "json");
        String next = resumed.json().get("run_id").asString();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(trail(run)).containsExactlyInAnyOrder(
                "onboarding.run_started success onboarding:" + run,
                "onboarding.step_finished success onboarding:" + run + "/step:setup_tenant_isolation",
                "onboarding.step_finished failure onboarding:" + run + "/step:configure_sso_integration",
                "onboarding.run_finished failure onboarding:" + run));
        JsonNode error = entries("onboarding:" + run + "/step:configure_sso_integration").getFirst();
        assertThat(error.path("details").path("error").asString()).contains("could not be reached");
        assertThat(error.path("details").path("position").asInt()).isEqualTo(2);
        JsonNode started = entries("onboarding:" + run).stream()
                .filter(entry -> entry.path("action").asString().equals("onboarding.run_started")).findFirst()
                .orElseThrow();
        assertThat(started.path("details").path("restart").asBoolean()).isTrue();
        assertThat(started.path("details").path("config_digest").asString())
                .isEqualTo(failed.json().get("config_digest").asString());

        List<String> expected = new ArrayList<>();
        expected.add("onboarding.run_started success onboarding:" + next);
        BRIEF_STEPS.forEach(step -> expected.add("onboarding.step_finished success onboarding:" + next + "/step:" + step));
        expected.add("onboarding.run_finished success onboarding:" + next);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(trail(next))
                .containsExactlyInAnyOrderElementsOf(expected));
        assertThat(entries("onboarding:" + next + "/step:setup_tenant_isolation").getFirst().path("details")
                .path("resumed").asBoolean()).as("carried over from the failed run").isTrue();
        assertThat(entries("onboarding:" + next + "/step:configure_sso_integration").getFirst().path("details")
                .path("resumed").asBoolean()).isFalse();
    }

    /** The run's entries in the trail as {@code action outcome target}, each checked for its actor. */
    private List<String> trail(String run) {
        List<String> lines = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        for (String action : List.of("onboarding.run_started", "onboarding.step_finished", "onboarding.run_finished")) {
            all.addAll(GatewayHttp.JSON.readTree(admin("GET", "/api/v1/audit?limit=500&action=" + action, null)
                    .body()).get("entries").valueStream().toList());
        }
        for (JsonNode entry : all) {
            String target = entry.path("target").asString();
            if (target.equals("onboarding:" + run) || target.startsWith("onboarding:" + run + "/")) {
                assertThat(entry.path("actor").asString()).as(entry.toString()).isEqualTo(ADMIN_EMAIL);
                lines.add(entry.path("action").asString() + " " + entry.path("outcome").asString() + " " + target);
            }
        }
        return lines;
    }

    private List<JsonNode> entries(String target) {
        return GatewayHttp.JSON.readTree(admin("GET", "/api/v1/audit?target="
                + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8), null).body())
                .get("entries").valueStream().toList();
    }

    @Test
    void aBudgetTheServerDoesNotEnforceStopsTheRunAtCostManagement() throws IOException {
        Path changed = Files.createTempFile("onboarding-changed-", ".yaml");
        Files.writeString(changed, Files.readString(CONFIG).replace("monthly_limit: 40000", "monthly_limit: 45000"));

        Run run = onboard("--config", changed.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("error  configure_cost_management: Budgets declared but not in force: "
                + "department engineering monthly 45000").contains("onboarding_status: failed")
                .contains("steps_completed: 3").contains("total_steps: 12");
    }

    @Test
    void anInvalidConfigurationIsRefusedWithItsProblems() {
        HttpResponse<String> response = admin("POST", "/api/v1/onboarding", "cost_management:\n  budgets: [1, 2]\n");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = GatewayHttp.JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("problems").get(0).get("path").asString()).startsWith("cost_management.budgets");
    }

    private record Run(int exit, String out, String err) {
        JsonNode json() {
            return GatewayHttp.JSON.readTree(out);
        }
    }

    private Run onboard(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 5];
        all[0] = "onboard";
        all[1] = "--url";
        all[2] = "http://127.0.0.1:" + port;
        all[3] = "--admin-key";
        all[4] = ADMIN_KEY;
        System.arraycopy(args, 0, all, 5, args.length);
        int exit = AurelisCommand.run(all, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    private HttpResponse<String> admin(String method, String path, String yaml) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("authorization", "Bearer " + ADMIN_KEY);
        if (yaml == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/yaml").method(method, HttpRequest.BodyPublishers.ofString(yaml));
        }
        return GatewayHttp.send(request.build());
    }

    private static List<String> names(JsonNode report) {
        return report.get("results").valueStream().map(step -> step.get("step").asString()).toList();
    }

    private static JsonNode step(JsonNode report, String name) {
        return report.get("results").valueStream().filter(step -> step.get("step").asString().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no step " + name + " in " + report));
    }

    /** The brief's template with its Okta sign-in pointed at the fake provider. */
    private static Path templateWithIssuer(String issuer) {
        try {
            String template = Files.readString(Path.of("examples", "enterprise.aurelis.yaml"));
            String anchor = "    group_sync: true\n";
            assertThat(template).contains(anchor);
            String withIssuer = template.replace(anchor, anchor + "    oidc:\n      issuer_uri: \"" + issuer
                    + "\"\n      client_id: \"aurelis\"\n");
            Path file = Files.createTempFile("onboarding-template-", ".yaml");
            Files.writeString(file, withIssuer);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
