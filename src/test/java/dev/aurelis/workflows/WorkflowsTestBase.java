package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeGitHub;
import dev.aurelis.testing.FakeGitLab;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Aurelis with code-review workflows on (the brief's workflow, its four models served by the fake
 * provider), a fake GitHub API, and one repository, {@code Codertocat/Hello-World}, attributed to the team
 * {@code payments} and the project {@code apollo}.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class WorkflowsTestBase {

    protected static final String ADMIN_KEY = "aur-test-bootstrap-admin-key-0123456789";
    protected static final String WEBHOOK_SECRET = "It's a Secret to Everybody";
    protected static final String GITHUB_TOKEN = "ghs_test_installation_token";
    protected static final String REPOSITORY = "Codertocat/Hello-World";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    protected static final FakeUpstream FAKE = FakeUpstream.start();
    protected static final FakeGitHub GITHUB = FakeGitHub.start(GITHUB_TOKEN);
    protected static final String GITLAB_TOKEN = "glpat-test-project-token";
    protected static final String GITLAB_SECRET = "a-gitlab-secret-token";
    protected static final String GITLAB_PROJECT = "gitlab-org/gitlab-test";
    protected static final FakeGitLab GITLAB = FakeGitLab.start(GITLAB_TOKEN);
    private static final Path CONFIG = writeConfig();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        // the tests expire overdue approvals themselves; the scheduled sweep racing them would make the count vary
        registry.add("aurelis.workflows.approval-check-initial-ms", () -> "3600000");
        registry.add("aurelis.workflows.approval-check-ms", () -> "3600000");
    }

    @BeforeEach
    void resetFakes() {
        FAKE.reset();
        GITHUB.reset();
        GITLAB.reset();
    }

    private static Path writeConfig() {
        String yaml = """
                organization:
                  name: "Test Corp"
                  id: "test-corp"
                  tenant_id: "tenant-test"
                models:
                  timeout: 5
                routing:
                  retry: { max_retries: 0 }
                  circuit_breaker: { enabled: false }
                projects:
                  apollo: { display_name: "Apollo" }
                  review-budget: { display_name: "Review budget" }
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "sk-upstream-openai"
                    models: ["gpt-4o", "gpt-4o-mini", "codestral-2501", "cohere-command-r"]
                alerts:
                  channels:
                    slack: { type: slack, url: "%2$s/hooks/slack", channel: "#reviews" }
                integrations:
                  cicd: { github_actions: true, jenkins: true, azure_devops: false, gitlab_ci: true }
                  workflows:
                    enabled: true
                    custom_workflows: true
                    approval_processes: true
                    automated_reviews: true
                    github:
                      api_url: "%2$s"
                      token: "%3$s"
                      webhook_secret: "%4$s"
                    gitlab:
                      api_url: "%6$s"
                      token: "%7$s"
                      webhook_secret: "%8$s"
                    repositories:
                      - { name: "%5$s", team: payments, project: apollo, workflows: [enterprise_code_review] }
                      - { name: "%9$s", provider: gitlab, team: platform, workflows: [enterprise_code_review, docs_review] }
                      - { name: "Codertocat/docs", team: payments, workflows: [docs_review] }
                      - { name: "Codertocat/guarded", team: payments, workflows: [guarded_release] }
                      - { name: "Codertocat/gated", team: payments, workflows: [gated_release] }
                      - { name: "Codertocat/hurried", team: payments, workflows: [hurried_release] }
                    definitions:
                      - name: enterprise_code_review
                        triggers: [pr_created, commit_pushed]
                        steps:
                          - { name: security_scan, action: analyze_security, model: gpt-4o, blocking: true }
                          - { name: quality_check, action: analyze_quality, model: codestral-2501, blocking: false }
                          - { name: documentation_check, action: verify_documentation, model: cohere-command-r, blocking: false }
                          - { name: generate_summary, action: create_pr_summary, model: gpt-4o-mini, blocking: false }
                        notifications: { slack: true, email: true, teams: true }
                      - name: docs_review
                        triggers: [pr_created]
                        project: apollo
                        conditions: { paths: ["docs/**"], labels: [docs], max_changed_lines: 400 }
                        steps:
                          - name: house_style
                            action: custom
                            model: gpt-4o-mini
                            blocking: true
                            threshold: medium
                            prompt: "Check the house style: sentence-case headings and no future tense."
                      - name: guarded_release
                        steps:
                          - { name: security_scan, action: analyze_security, model: gpt-4o, blocking: true }
                          - name: lead_sign_off
                            action: approval
                            blocking: true
                            approvers: ["lead@example.com", "role:reviewer", "second@example.com"]
                            approvals: 1
                            timeout: 2h
                        notifications: { slack: true }
                      - name: gated_release
                        steps:
                          - { name: security_scan, action: analyze_security, model: gpt-4o, blocking: true }
                          - name: lead_sign_off
                            action: approval
                            blocking: true
                            approvers: ["lead@example.com", "role:reviewer", "second@example.com"]
                            timeout: 2h
                      - name: hurried_release
                        steps:
                          - name: quick_sign_off
                            action: approval
                            blocking: true
                            approvers: ["lead@example.com", "second@example.com"]
                            approvals: 2
                            timeout: 1s
                """.formatted(FAKE.baseUrl(), GITHUB.baseUrl(), GITHUB_TOKEN, WEBHOOK_SECRET, REPOSITORY,
                GITLAB.apiUrl(), GITLAB_TOKEN, GITLAB_SECRET, GITLAB_PROJECT);
        try {
            Path file = Files.createTempFile("aurelis-workflows-test", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Delivers a GitHub event signed with the webhook's secret. */
    protected HttpResponse<String> deliver(String event, String payload) {
        return deliver(event, payload, UUID.randomUUID().toString(), sign(WEBHOOK_SECRET, payload));
    }

    protected HttpResponse<String> deliver(String event, String payload, String deliveryId, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/webhooks/github"))
                .header("content-type", "application/json")
                .header("user-agent", "GitHub-Hookshot/044aadd")
                .header("x-github-event", event)
                .header("x-github-delivery", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("x-hub-signature-256", signature);
        }
        return GatewayHttp.send(request.build());
    }

    protected static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> admin(String method, String path, String body) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + ADMIN_KEY)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** The ledger record of a gateway exchange, by its request id. */
    protected JsonNode ledgerRecord(String requestId) {
        HttpResponse<String> usage = admin("GET", "/api/v1/usage?request_id=" + requestId, null);
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        JsonNode records = JSON.readTree(usage.body()).get("records");
        assertThat(records).as("ledger records for " + requestId).hasSize(1);
        return records.get(0);
    }

    protected static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** The request ids of every gateway exchange a run made, from the runs API. */
    protected List<String> requestIdsOfRun(String runId) {
        HttpResponse<String> run = admin("GET", "/api/v1/workflows/runs/" + runId, null);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        json(run.body()).path("steps").forEach(step -> step.path("request_ids").forEach(id -> ids.add(id.asString())));
        return ids;
    }

    /** The first completed check run on {@code headSha}, once there is one. */
    protected static JsonNode awaitCompletedCheck(String headSha) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> GITHUB.checkRuns()
                .stream().filter(c -> c.path("head_sha").asString().equals(headSha)
                        && c.path("status").asString().equals("completed"))
                .findFirst().orElse(null), c -> c != null);
    }
}
