package dev.aurelis.audit.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.audit.AuditSettings;
import dev.aurelis.configuration.Audit;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.TestDatabase;
import dev.aurelis.tenancy.TenantId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The brief's {@code audit.comprehensive_logging} (reads of the admin API are recorded too) and
 * {@code audit.access_control_audit} (an access review entry: who holds which role, over what scope).
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class ComprehensiveAuditTests {

    private static final String ADMIN_KEY = "aur-test-comprehensive-audit-key-0123456789";
    private static final String TENANT = "tenant-audited";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    AccessReview review;

    @DynamicPropertySource
    static void auditEverything(DynamicPropertyRegistry registry) throws IOException {
        Path file = Files.createTempFile("aurelis-comprehensive-audit", ".yaml");
        Files.writeString(file, """
                organization: { name: "Audited", id: "audited", tenant_id: "%s" }
                rbac:
                  user_groups:
                    platform: { roles: ["developer"] }
                audit:
                  enabled: true
                  comprehensive_logging: true
                  access_control_audit: true
                """.formatted(TENANT));
        registry.add("aurelis.config", file::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @Test
    void aReadOfTheAdminApiIsRecordedWithItsCallerAndStatus() {
        HttpResponse<String> read = admin("GET", "/api/v1/users", null);
        assertThat(read.statusCode()).isEqualTo(200);

        JsonNode entry = awaitEntry("action=api.request", e -> e.path("target").asString().equals("GET /api/v1/users"));
        assertThat(entry.path("details").path("status").asInt()).isEqualTo(200);
        assertThat(entry.path("actor").asString()).isNotBlank();
    }

    @Test
    void theAccessReviewRecordsWhoHoldsWhichRoleOverWhatScope() {
        String email = "reviewed-" + System.nanoTime() + "@example.com";
        assertThat(admin("POST", "/api/v1/keys", "{\"user\":\"" + email + "\",\"team\":\"platform\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings",
                "{\"role\":\"viewer\",\"user\":\"" + email + "\"}");
        assertThat(bound.statusCode()).as(bound.body()).isBetween(200, 201);
        String userId = JSON.readTree(bound.body()).path("user_id").asString();

        assertThat(review.record(TenantId.of(TENANT))).isTrue();

        JsonNode entry = awaitEntry("action=access.review", e -> e.path("details").path("bindings").valueStream()
                .anyMatch(b -> b.path("role").asString().equals("viewer") && b.path("user_id").asString().equals(userId)));
        assertThat(entry.path("category").asString()).isEqualTo("access");
        assertThat(entry.path("details").path("bindings_per_role").path("viewer").asInt()).isPositive();
        assertThat(entry.path("details").path("bindings").valueStream()
                .filter(b -> b.path("user_id").asString().equals(userId)).findFirst().orElseThrow()
                .path("scope").asString()).isEqualTo("organization");
    }

    @Test
    void bothAreOffUnlessTheFileTurnsThemOn() {
        AuditSettings defaults = AuditSettings.of(Audit.defaults());

        assertThat(defaults.recordsReads()).isFalse();
        assertThat(defaults.reviewsAccess()).isFalse();
    }

    private JsonNode awaitEntry(String query, Predicate<JsonNode> matches) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode page = JSON.readTree(admin("GET", "/api/v1/audit?limit=200&" + query, null).body());
            found[0] = page.path("entries").valueStream().filter(matches).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
