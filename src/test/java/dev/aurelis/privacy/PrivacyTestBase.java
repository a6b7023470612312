package dev.aurelis.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Aurelis with {@code security.pii_detection} and {@code data_classification} on, in front of a fake
 * provider reached as two cloud providers and one marked {@code on_premise}, with policies per team: payments blocks
 * AWS keys and makes personal data reversible, support is alerted about e-mails and has answers screened, research
 * keeps secrets on premise, ops refuses restricted exchanges; engineering has no policy (the default).
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
abstract class PrivacyTestBase {

    static final String ADMIN_KEY = "aur-privacy-bootstrap-admin-key-0123456789";
    static final FakeUpstream FAKE = FakeUpstream.start();
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Synthetic credentials in their issuers' formats (the detectors' own test vectors). */
    static final String AWS_KEY = "AKIAGPRQSE4T5ZZHQOUW";
    static final String GITHUB_TOKEN = "ghp_RHLfBERkIyDtFDBAM0gqEzpC3N8FeKjFTrKC";
    static final String EMAIL = "jane.doe@acme-corp.io";
    static final String UUID_TEXT = "3f2b8c1e-9d4a-4b7e-8f06-2a9c5d1e7b43";
    static final String COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8";

    private static final Path CONFIG = writeConfig();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @BeforeEach
    void resetFake() {
        FAKE.reset();
    }

    private static Path writeConfig() {
        String yaml = """
                organization: { name: "Privacy Corp", id: "privacy-corp", tenant_id: "tenant-privacy" }
                models: { timeout: 3 }
                routing:
                  retry: { max_retries: 0 }
                  circuit_breaker: { enabled: false }
                security:
                  pii_detection: true
                  data_classification: true
                departments:
                  engineering: { display_name: "Engineering" }
                rbac:
                  user_groups:
                    engineering: { roles: ["developer"], department: "engineering" }
                    payments: { roles: ["developer"], department: "engineering" }
                    support: { roles: ["developer"], department: "engineering" }
                    research: { roles: ["developer"], department: "engineering" }
                    ops: { roles: ["developer"], department: "engineering" }
                providers:
                  - name: cloud-openai
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "sk-upstream-openai"
                    models: ["gpt-4o-mini", { name: "text-embedding-3-small", embeddings: true }]
                  - name: cloud-anthropic
                    type: anthropic
                    base_url: "%1$s"
                    api_key: "sk-upstream-anthropic"
                    models: [{ name: "claude-sonnet-4-5", id: "claude-sonnet-4-5-20250929" }]
                  - name: local
                    type: openai_compatible
                    base_url: "%1$s/v1"
                    on_premise: true
                    models: ["local-llama"]
                privacy:
                  local_processing: { enabled: false, models: ["local-llama"], data_residency: on_premise }
                  phone_regions: [US, DE]
                  detectors:
                    - { name: employee_id, pattern: 'EMP-\\d{6}', keywords: ["EMP-"], category: personal_data }
                  policies:
                    - { scope: team, name: payments, actions: { aws_access_key: block, personal_data: redact }, reversible: true }
                    - { scope: team, name: support, actions: { email: alert }, responses: true }
                    - { scope: team, name: research, actions: { secret: route_on_premise } }
                    - { scope: team, name: ops, actions: { restricted: block } }
                  exclusions:
                    - { path: "secrets/**", action: redact }
                    - { repository: "acme/vault", action: block }
                  classification:
                    - { repository: "acme/website", class: public }
                    - { path: "infra/prod/**", class: restricted }
                """.formatted(FAKE.baseUrl());
        try {
            Path file = Files.createTempFile("aurelis-privacy", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String newKey(String user, String team) {
        HttpResponse<String> response = GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"team\":\"" + team + "\"}")).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("key").asString();
    }

    HttpResponse<String> openAi(String path, String key, String body, String... headers) {
        return GatewayHttp.openAi(baseUrl(), path, key, body, headers);
    }

    HttpResponse<String> anthropic(String path, String key, String body, String... headers) {
        return GatewayHttp.anthropic(baseUrl(), path, key, body, headers);
    }

    /** The ledger row of an exchange, read back from the database (as the ledger's own tenant). */
    java.util.Map<String, Object> ledgerRow(HttpResponse<?> response) {
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        List<java.util.Map<String, Object>> rows = dev.aurelis.tenancy.TenantContext.call(
                dev.aurelis.tenancy.TenantId.of("tenant-privacy"), () -> jdbc.sql(
                        "select provider, model_served, status, privacy from spend_usage where request_id = ?")
                        .param(requestId).query().listOfRows());
        assertThat(rows).as("ledger rows of " + requestId).hasSize(1);
        return rows.getFirst();
    }

    /** The audit entry about a target, once the trail has it (events reach it off the exchange's thread). */
    JsonNode awaitAuditEntry(String target) {
        JsonNode[] found = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> {
            HttpResponse<String> page = GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl()
                            + "/api/v1/audit?limit=50&target=" + java.net.URLEncoder.encode(target,
                            java.nio.charset.StandardCharsets.UTF_8)))
                    .header("authorization", "Bearer " + ADMIN_KEY).GET().build());
            found[0] = JSON.readTree(page.body()).path("entries").valueStream().findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static List<String[]> events(String body) {
        return GatewayHttp.events(body);
    }
}
