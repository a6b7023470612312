package dev.aurelis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Aurelis server for identity and access tests: two departments, teams with and without roles
 * (team {@code matrix} has none, so a key there carries exactly the roles it names), custom roles (one in the
 * Cortex style, a SCIM provisioner, a team-scoped key manager), one fake provider, a project and a workspace the
 * file declares. Shared by every test class extending it; tests create the users, keys and roles they need under names of their own. Events
 * published while a test runs (on any thread) are captured in {@link #events}.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class AccessTestBase {

    public static final String ADMIN_KEY = "aur-test-access-bootstrap-admin-key-0123456789";
    public static final TenantId TENANT = TenantId.of("tenant-access");

    protected static final FakeUpstream FAKE = FakeUpstream.start();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected static final String CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";

    private static final Path CONFIG = writeConfig();
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @Autowired
    private ApplicationEventMulticaster multicaster;

    @Autowired
    private Organizations organizations;

    /** Payloads of the events published since the test began. */
    protected final List<Object> events = new CopyOnWriteArrayList<>();
    private final ApplicationListener<PayloadApplicationEvent<?>> capture = e -> events.add(e.getPayload());

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @BeforeEach
    void resetFakeAndCaptureEvents() {
        FAKE.reset();
        multicaster.addApplicationListener(capture);
    }

    @AfterEach
    void stopCapturingEvents() {
        multicaster.removeApplicationListener(capture);
    }

    private static Path writeConfig() {
        String yaml = """
                organization:
                  name: "Access Corp"
                  id: "access-corp"
                  tenant_id: "tenant-access"
                enterprise:
                  tenant_isolation: true
                models:
                  timeout: 3
                departments:
                  engineering: { display_name: "Engineering", cost_center: "ENG-000" }
                  research: { display_name: "Research", cost_center: "RES-000" }
                rbac:
                  enabled: true
                  roles:
                    scim_provisioner:
                      permissions: ["scim:provision"]
                    custom-team-lead:
                      permissions: ["chat.create", "github.read", "a2a.read", "mcp.manage", "config.read"]
                    team_key_manager:
                      permissions: ["keys:manage"]
                      scope: team
                  user_groups:
                    matrix: { department: "engineering" }
                    platform: { department: "engineering", roles: ["developer"] }
                    lab: { department: "research", roles: ["developer"] }
                    restricted: { department: "engineering", roles: ["developer"], models: ["gpt-4o-mini"] }
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "sk-upstream-openai"
                    models:
                      - "gpt-4o"
                      - "gpt-4o-mini"
                      - { name: "text-embedding-3-small", embeddings: true }
                  - name: fake-anthropic
                    type: anthropic
                    base_url: "%1$s"
                    api_key: "sk-upstream-anthropic"
                    models:
                      - { name: "claude-sonnet-4-5", id: "claude-sonnet-4-5-20250929" }
                pricing:
                  gpt-4o-mini: { input: 0.15, output: 0.60 }
                projects:
                  ws-dashboard: { display_name: "Dashboard", cost_center: "ENG-100" }
                workspaces:
                  declared-eng:
                    description: "Declared by the file"
                    members: ["ws-alice", "ws-bob@example.com"]
                    owners: ["ws-olivia@example.com"]
                    viewers: ["ws-victor@example.com"]
                    permissions: { chat: read_write, github: read }
                    instructions: "Write Java 21; keep classes small."
                    settings: { default_model: gpt-4o, project: ws-dashboard, code_review_required: true, context_tokens: 500 }
                analytics:
                  enabled: true
                  performance_monitoring: true
                  user_behavior_analysis: true
                  executive_reports: true
                  team_insights: true
                  productivity_metrics: true
                  roi_analysis: true
                  data_export: true
                  api_access: true
                  dashboard_embedding: true
                  code_quality_metrics: true
                advanced_features:
                  trend_analysis: true
                  predictive_analytics: true
                  graphql_api: true
                  sdk_support: true
                  organization_specific_models: true
                  model_customization: true
                compliance:
                  frameworks: ["SOC2"]
                  compliance_reporting: true
                  data_lineage: true
                  right_to_be_forgotten: true
                  retention_policies: true
                  consent_management: true
                privacy:
                  content_logging: { enabled: true }
                integrations:
                  monitoring: { grafana: true }
                  cicd: { jenkins: true }
                  workflows:
                    enabled: true
                    approval_processes: true
                    repositories:
                      - { name: "matrix/service", team: "matrix-reviews", workflows: [matrix_review] }
                      - { name: "matrix/approved", team: "matrix-reviews", workflows: [matrix_approval] }
                    definitions:
                      - name: matrix_review
                        steps:
                          - { name: quality, action: analyze_quality, model: gpt-4o-mini, blocking: false }
                      - name: matrix_approval
                        steps:
                          - name: sign_off
                            action: approval
                            blocking: true
                            approvers: ["role:enterprise_admin", "role:admin", "role:senior_developer", "role:developer", "role:reviewer"]
                """.formatted(FAKE.baseUrl());
        try {
            Path file = Files.createTempFile("aurelis-access-test", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GraphQL request to {@code /graphql} with a bearer key; the answer's JSON (errors and data). */
    protected JsonNode graphQl(String key, String document) {
        HttpResponse<String> response = call(key, "POST", "/graphql",
                JSON.createObjectNode().put("query", document).toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** A name no other test uses, e.g. for e-mail addresses: {@code prefix-<n>}. */
    protected static String unique(String prefix) {
        return prefix + "-" + UNIQUE.incrementAndGet();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * A new team of the organisation, as an identity provider's group creates one: the configuration declares the
     * organisation's teams, so keys may name only teams that exist.
     */
    protected String newTeam(String prefix) {
        String team = unique(prefix);
        TenantContext.run(TENANT, () -> organizations.ensureTeam(TENANT, team));
        return team;
    }

    /** Issues a key through the admin API as the bootstrap administrator and returns its secret. */
    protected String newKey(String requestJson) {
        HttpResponse<String> response = admin("POST", "/api/v1/keys", requestJson);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("key").asString();
    }

    /** A key for a new user in {@code team} that carries exactly {@code role} (plus the team's roles). */
    protected String keyWithRole(String role, String team) {
        return newKey("{\"user\":\"" + unique(role) + "@example.com\",\"team\":\"" + team + "\",\"roles\":[\"" + role + "\"]}");
    }

    protected HttpResponse<String> admin(String method, String path, String body) {
        return call(ADMIN_KEY, method, path, body);
    }

    /** An admin API (or any JSON) call with a bearer key. */
    protected HttpResponse<String> call(String key, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    /** A SCIM call as an identity provider makes it: bearer token, {@code application/scim+json}. */
    protected HttpResponse<String> scim(String key, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/scim/v2" + path))
                .header("accept", "application/scim+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/scim+json");
        }
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    /** An OpenAI-style gateway call. */
    protected HttpResponse<String> openAi(String path, String key, String body, String... headers) {
        return GatewayHttp.openAi(baseUrl(), path, key, body, headers);
    }

    /** An Anthropic-style gateway call. */
    protected HttpResponse<String> anthropic(String path, String key, String body, String... headers) {
        return GatewayHttp.anthropic(baseUrl(), path, key, body, headers);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        return GatewayHttp.send(request);
    }

    /** The published events of one type, in order. */
    protected <T> List<T> published(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    protected static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
