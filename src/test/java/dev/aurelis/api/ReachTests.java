package dev.aurelis.api;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every built-in role sees the same teams in the budgets API, the cost report and the usage API: the whole
 * organisation, a department with the department below it, a team, or the caller's own calls; or, without the
 * permission, a refusal. Department {@code platform} lies below {@code engineering}; team {@code core} is
 * engineering's, {@code infra} platform's, {@code lab} research's; each team spent once and has a budget.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class ReachTests {

    private static final String ADMIN_KEY = "aur-test-reach-bootstrap-admin-key-0123456789";
    private static final String CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
    private static final FakeUpstream FAKE = FakeUpstream.start();
    private static final String REFUSED = "refused";
    private static boolean spent;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", ReachTests::configuration);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @BeforeEach
    void everyTeamSpentOnce() {
        if (spent) {
            return;
        }
        for (String team : List.of("core", "infra", "lab")) {
            String key = key("dev-" + team + "@reach.example", team, "developer");
            HttpResponse<String> response = GatewayHttp.openAi(baseUrl(), "/v1/chat/completions", key, CHAT);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        spent = true;
    }

    /** Role, the team its holder is in, and the teams each of budgets, cost report and usage shows (or refused). */
    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            enterprise_admin | core  | core infra lab | core infra lab | core infra lab
            admin            | core  | core infra lab | core infra lab | core infra lab
            department_manager | core | core infra    | core infra     | core infra
            department_manager | infra | infra        | infra          | infra
            team_lead        | infra | refused        | infra          | infra
            senior_developer | core  | refused        | refused        | refused
            developer        | core  | refused        | refused        | refused
            reviewer         | lab   | refused        | refused        | lab
            viewer           | lab   | refused        | core infra lab | core infra lab
            auditor          | lab   | refused        | core infra lab | core infra lab
            """)
    void theBudgetsCostReportAndUsageOfARoleReachTheSameTeams(String role, String team, String budgets,
            String costReport, String usage) {
        String key = key(role + "-" + team + "@reach.example", team, role);
        if (role.equals("reviewer")) {
            // a reviewer's reach is their own calls (reviews: the task their role permits)
            HttpResponse<String> review = GatewayHttp.openAi(baseUrl(), "/v1/chat/completions", key, CHAT,
                    "x-aurelis-task", "code_review");
            assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        }
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("budgets", teams(get(key, "/api/v1/budgets"), body -> body.path("budgets").valueStream()
                .filter(b -> b.path("scope").asString().equals("team")).map(b -> b.path("subject").asString())));
        seen.put("cost report", teams(get(key, "/api/v1/reports/cost?breakdown=team"),
                body -> body.path("groups").valueStream().map(g -> g.path("key").asString())));
        seen.put("usage", teams(get(key, "/api/v1/usage?group_by=team"),
                body -> body.path("groups").valueStream().map(g -> g.path("key").path("team").asString())));

        assertThat(seen).containsExactly(Map.entry("budgets", budgets), Map.entry("cost report", costReport),
                Map.entry("usage", usage));
        // where the role may read more than one of them, they agree
        assertThat(seen.values().stream().filter(v -> !v.equals(REFUSED)).distinct()).hasSizeLessThanOrEqualTo(1);
    }

    private static String teams(HttpResponse<String> response,
            java.util.function.Function<JsonNode, java.util.stream.Stream<String>> teams) {
        if (response.statusCode() == 403) {
            return REFUSED;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<String> names = teams.apply(GatewayHttp.JSON.readTree(response.body())).collect(Collectors.toCollection(TreeSet::new));
        return String.join(" ", names);
    }

    private String key(String user, String team, String role) {
        HttpResponse<String> issued = call(ADMIN_KEY, "POST", "/api/v1/keys",
                "{\"user\":\"" + user + "\",\"team\":\"" + team + "\",\"roles\":[\"" + role + "\"]}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return GatewayHttp.JSON.readTree(issued.body()).path("key").asString();
    }

    private HttpResponse<String> get(String key, String path) {
        return call(key, "GET", path, null);
    }

    private HttpResponse<String> call(String key, String method, String path, String body) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static String configuration() {
        String yaml = """
                organization:
                  id: "reach-corp"
                  tenant_id: "tenant-reach"
                departments:
                  engineering: {}
                  platform: { parent: engineering }
                  research: {}
                rbac:
                  user_groups:
                    core: { department: engineering }
                    infra: { department: platform }
                    lab: { department: research }
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%s/v1"
                    api_key: "sk-upstream"
                    models: ["gpt-4o-mini"]
                pricing:
                  gpt-4o-mini: { input: 1, output: 1 }
                cost_management:
                  enabled: true
                  budgets:
                    teams:
                      core: { monthly_limit: 100000 }
                      infra: { monthly_limit: 100000 }
                      lab: { monthly_limit: 100000 }
                """.formatted(FAKE.baseUrl());
        try {
            Path file = Files.createTempFile("aurelis-reach", ".yaml");
            Files.writeString(file, yaml);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
