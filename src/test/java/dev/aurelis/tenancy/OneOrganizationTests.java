package dev.aurelis.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The README's sequence as a newcomer follows it: {@code ./aurelis serve} without a file, a key for a developer,
 * then {@code ./aurelis serve --config examples/aurelis.yaml}. The file adopts the organisation the first start
 * made (one organisation, renamed), the first administrator key still works, and the file's rules (team
 * allow-lists, declared teams) apply to keys made before and after. Each test has a database of its own.
 */
class OneOrganizationTests {

    private static final String ADMIN_KEY = "aur-one-organization-admin-key-0123456789";
    private static final String CHAT = """
            {"model":"%s","messages":[{"role":"user","content":"hi"}]}""";
    private static final FakeUpstream OLLAMA = FakeUpstream.start();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @AfterAll
    static void stopFake() {
        OLLAMA.close();
    }

    @Test
    void theExampleFileAdoptsTheOrganisationOfTheFirstStartAndItsRulesApplyToEveryKey() throws Exception {
        String database = newDatabase();
        String developerKey;
        try (ConfigurableApplicationContext first = start(database, "")) {
            assertThat(first.getBean(Organizations.class).tenants()).containsExactly(TenantId.of("default"));
            // created with the first administrator key before any file declares teams: the team starts on first use
            developerKey = issueKey(first, "carol@acme.example", "analytics").path("key").asString();
        }

        try (ConfigurableApplicationContext second = start(database, exampleConfiguration().toString())) {
            Organizations organizations = second.getBean(Organizations.class);
            assertThat(organizations.tenants()).containsExactly(TenantId.of("default"));
            Organization organization = TenantContext.call(TenantId.of("default"),
                    () -> organizations.organization(TenantId.of("default")).orElseThrow());
            assertThat(organization.externalId()).isEqualTo("acme");
            assertThat(organization.name()).isEqualTo("Acme Software");

            // the key from before the file: the analytics team's allow-list applies to it
            HttpResponse<String> forbidden = chat(second, developerKey, "gpt-4o");
            assertThat(forbidden.statusCode()).as(forbidden.body()).isEqualTo(403);
            HttpResponse<String> allowed = chat(second, developerKey, "qwen2.5-coder");
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);

            // the first administrator key still works, and the file's teams are the ones a key may name
            JsonNode newKey = issueKey(second, "alice@acme.example", "platform");
            assertThat(newKey.path("team").asString()).isEqualTo("platform");
            HttpResponse<String> typo = admin(second, "POST", "/api/v1/keys",
                    "{\"user\":\"bob@acme.example\",\"team\":\"nosuchteam\"}");
            assertThat(typo.statusCode()).as(typo.body()).isEqualTo(400);
            assertThat(typo.body()).contains("nosuchteam").contains("analytics, platform");
        }
    }

    @Test
    void changingTheOrganisationIdRenamesItAndANewTenantIdGetsAnAdministratorKeyOfItsOwn() throws Exception {
        String database = newDatabase();
        try (ConfigurableApplicationContext first = start(database, configuration("acme", null))) {
            issueKey(first, "dev@acme.example", "platform");
        }
        try (ConfigurableApplicationContext renamed = start(database, configuration("acme-corp", null))) {
            Organizations organizations = renamed.getBean(Organizations.class);
            assertThat(organizations.tenants()).containsExactly(TenantId.of("acme"));
            assertThat(TenantContext.call(TenantId.of("acme"), () -> organizations.organization(TenantId.of("acme"))
                    .orElseThrow().externalId())).isEqualTo("acme-corp");
            issueKey(renamed, "dev2@acme.example", "platform");
        }
        // a second organisation, explicitly: the bootstrap key already opens the first, so it gets a new one
        try (ConfigurableApplicationContext second = start(database, configuration("globex", "globex"))) {
            assertThat(second.getBean(Organizations.class).tenants())
                    .containsExactly(TenantId.of("acme"), TenantId.of("globex"));
        }
        // with two organisations stored, a file naming neither is refused with the path and what to do
        Throwable failure = catchThrowable(() -> start(database, configuration("initech", null)).close());
        assertThat(failure).hasStackTraceContaining("organization.tenant_id")
                .hasStackTraceContaining("matches none of the 2 organisations");
    }

    private static String newDatabase() {
        return TestDatabase.createDatabase("aurelis_one_org_" + ProcessHandle.current().pid() + "_"
                + DATABASES.incrementAndGet());
    }

    private static ConfigurableApplicationContext start(String databaseUrl, String config) throws IOException {
        Path dataDir = Files.createTempDirectory("aurelis-one-org");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--aurelis.db.url=" + databaseUrl,
                "--aurelis.db.user=postgres", "--aurelis.db.password=", "--aurelis.db.pool-size=4",
                "--aurelis.data-dir=" + dataDir, "--aurelis.config=" + config,
                "--aurelis.bootstrap-admin-key=" + ADMIN_KEY));
        return new SpringApplicationBuilder(AurelisApplication.class).run(args.toArray(String[]::new));
    }

    /** examples/aurelis.yaml as shipped, its local Ollama provider pointed at the fake. */
    private static Path exampleConfiguration() {
        try {
            String yaml = Files.readString(Path.of("examples/aurelis.yaml"))
                    .replace("${OLLAMA_BASE_URL:-http://localhost:11434/v1}", OLLAMA.baseUrl() + "/v1");
            Path file = Files.createTempFile("aurelis-example", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String configuration(String id, String tenantId) {
        String yaml = """
                organization:
                  id: "%s"
                %s
                rbac:
                  user_groups:
                    platform: { roles: ["developer"] }
                """.formatted(id, tenantId == null ? "" : "  tenant_id: \"" + tenantId + "\"");
        try {
            Path file = Files.createTempFile("aurelis-organization", ".yaml");
            Files.writeString(file, yaml);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode issueKey(ConfigurableApplicationContext server, String user, String team) {
        HttpResponse<String> response = admin(server, "POST", "/api/v1/keys",
                "{\"user\":\"" + user + "\",\"team\":\"" + team + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return GatewayHttp.JSON.readTree(response.body());
    }

    private static HttpResponse<String> chat(ConfigurableApplicationContext server, String key, String model) {
        return GatewayHttp.openAi(baseUrl(server), "/v1/chat/completions", key, CHAT.formatted(model));
    }

    private static HttpResponse<String> admin(ConfigurableApplicationContext server, String method, String path,
            String body) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl(server) + path))
                .header("content-type", "application/json").header("authorization", "Bearer " + ADMIN_KEY)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String baseUrl(ConfigurableApplicationContext server) {
        return "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    }
}
