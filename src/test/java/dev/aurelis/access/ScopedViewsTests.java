package dev.aurelis.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A department manager sees only their department, a team lead only their team, a reviewer only their own
 * calls: usage, keys, users and teams alike. Engineering has teams matrix, platform and restricted; research
 * has lab.
 */
class ScopedViewsTests extends AccessTestBase {

    private static final Set<String> ENGINEERING = Set.of("matrix", "platform", "restricted");

    private static String managerOfEngineering;
    private static String leadOfLab;
    private static String reviewerInLab;
    private static String reviewerEmail;
    private static String labKeyId;
    private static String labUserId;

    @BeforeEach
    void organisationWithUsage() {
        if (managerOfEngineering != null) {
            return;
        }
        managerOfEngineering = keyWithRole("department_manager", "platform");
        leadOfLab = keyWithRole("team_lead", "lab");
        reviewerEmail = unique("reviewer") + "@example.com";
        reviewerInLab = newKey("{\"user\":\"" + reviewerEmail + "\",\"team\":\"lab\",\"roles\":[\"reviewer\"]}");
        for (String team : List.of("platform", "lab", "matrix")) {
            String key = newKey("{\"user\":\"" + unique("dev-" + team) + "@example.com\",\"team\":\"" + team + "\"}");
            assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
        }
        assertThat(openAi("/v1/chat/completions", reviewerInLab, CHAT, "x-aurelis-task", "code_review").statusCode()).isEqualTo(200);
        HttpResponse<String> labKey = admin("POST", "/api/v1/keys", "{\"user\":\"" + unique("lab-member") + "@example.com\",\"team\":\"lab\"}");
        labKeyId = json(labKey.body()).path("id").asString();
        labUserId = json(admin("GET", "/api/v1/users?email=" + json(labKey.body()).path("user").asString(), null).body())
                .path("data").get(0).path("id").asString();
    }

    private static List<String> values(JsonNode array, String field) {
        return array.valueStream().map(n -> n.path(field).asString()).toList();
    }

    private JsonNode get(String key, String path) {
        HttpResponse<String> response = call(key, "GET", path, null);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    @Test
    void theWholeOrganisationIsVisibleToAnAdministrator() {
        List<String> teams = get(ADMIN_KEY, "/api/v1/usage?group_by=team").path("groups").valueStream()
                .map(g -> g.path("key").path("team").asString()).toList();
        assertThat(teams).contains("platform", "lab", "matrix");
    }

    @Test
    void aDepartmentManagerSeesOnlyTheirDepartment() {
        List<String> usageTeams = get(managerOfEngineering, "/api/v1/usage?group_by=team").path("groups").valueStream()
                .map(g -> g.path("key").path("team").asString()).toList();
        assertThat(usageTeams).isNotEmpty().allMatch(ENGINEERING::contains);
        assertThat(values(get(managerOfEngineering, "/api/v1/usage?limit=1000").path("records"), "department"))
                .isNotEmpty().containsOnly("engineering");

        assertThat(values(get(managerOfEngineering, "/api/v1/keys").path("data"), "team")).isNotEmpty().allMatch(ENGINEERING::contains);
        assertThat(call(managerOfEngineering, "GET", "/api/v1/keys/" + labKeyId, null).statusCode()).isEqualTo(404);
        JsonNode users = get(managerOfEngineering, "/api/v1/users").path("data");
        assertThat(users.valueStream().map(u -> u.path("teams").valueStream().map(JsonNode::asString).toList()))
                .isNotEmpty().allMatch(teams -> teams.stream().anyMatch(ENGINEERING::contains));
        assertThat(call(managerOfEngineering, "GET", "/api/v1/users/" + labUserId, null).statusCode()).isEqualTo(404);
        assertThat(values(get(managerOfEngineering, "/api/v1/teams").path("data"), "name"))
                .containsExactlyInAnyOrderElementsOf(ENGINEERING);
    }

    @Test
    void aTeamLeadSeesOnlyTheirTeam() {
        assertThat(get(leadOfLab, "/api/v1/usage?group_by=team").path("groups").valueStream()
                .map(g -> g.path("key").path("team").asString()).toList()).containsExactly("lab");
        assertThat(values(get(leadOfLab, "/api/v1/keys").path("data"), "team")).isNotEmpty().containsOnly("lab");
        assertThat(call(leadOfLab, "GET", "/api/v1/keys/" + labKeyId, null).statusCode()).isEqualTo(200);
        assertThat(get(leadOfLab, "/api/v1/users").path("data").valueStream()
                .map(u -> u.path("teams").valueStream().map(JsonNode::asString).toList()))
                .isNotEmpty().allMatch(teams -> teams.contains("lab"));
        assertThat(values(get(leadOfLab, "/api/v1/teams").path("data"), "name")).containsExactly("lab");
    }

    @Test
    void aReviewerSeesOnlyTheirOwnCalls() {
        JsonNode usage = get(reviewerInLab, "/api/v1/usage?limit=1000");
        assertThat(values(usage.path("records"), "user")).isNotEmpty().containsOnly(reviewerEmail);
        assertThat(usage.path("totals").path("requests").asLong()).isEqualTo(usage.path("records").size());
        assertThat(call(reviewerInLab, "GET", "/api/v1/keys", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aTeamLeadConfiguresTheModelsOfTheirTeamOnly() {
        String labDeveloper = newKey("{\"user\":\"" + unique("lab-dev") + "@example.com\",\"team\":\"lab\"}");
        String gpt4o = CHAT.replace("gpt-4o-mini", "gpt-4o");
        try {
            HttpResponse<String> set = call(leadOfLab, "PUT", "/api/v1/teams/lab/models", "{\"models\":[\"gpt-4o-mini\"]}");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(json(set.body()).path("models").valueStream().map(JsonNode::asString)).containsExactly("gpt-4o-mini");
            assertThat(openAi("/v1/chat/completions", labDeveloper, gpt4o).statusCode()).isEqualTo(403);
            assertThat(openAi("/v1/chat/completions", labDeveloper, CHAT).statusCode()).isEqualTo(200);
            assertThat(published(TeamModelsChanged.class)).singleElement()
                    .satisfies(e -> assertThat(e.team()).isEqualTo("lab"));

            HttpResponse<String> elsewhere = call(leadOfLab, "PUT", "/api/v1/teams/platform/models", "{\"models\":[]}");
            assertThat(elsewhere.statusCode()).isEqualTo(403);
            assertThat(json(elsewhere.body()).path("error").path("type").asString()).isEqualTo("permission_error");
            assertThat(call(managerOfEngineering, "PUT", "/api/v1/teams/lab/models", "{\"models\":[]}").statusCode()).isEqualTo(403);
            assertThat(published(AccessRefused.class)).hasSize(2);
        } finally {
            admin("PUT", "/api/v1/teams/lab/models", "{\"models\":[]}");
        }
        assertThat(openAi("/v1/chat/completions", labDeveloper, gpt4o).statusCode()).isEqualTo(200);
    }

    @Test
    void aBindingMayNameTheDepartmentItReaches() {
        String email = unique("research-manager") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"matrix\"}");
        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings",
                "{\"role\":\"department_manager\",\"user\":\"" + email + "\",\"scope_department\":\"research\"}");
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);

        assertThat(values(get(key, "/api/v1/teams").path("data"), "name")).containsExactly("lab");
        assertThat(call(key, "GET", "/api/v1/keys/" + labKeyId, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTeamScopedKeyManagerIssuesAndSeesKeysOfTheirTeamOnly() {
        String manager = newKey("{\"user\":\"" + unique("key-manager") + "@example.com\",\"team\":\"lab\","
                + "\"roles\":[\"team_key_manager\",\"developer\"]}");

        HttpResponse<String> inTeam = call(manager, "POST", "/api/v1/keys",
                "{\"user\":\"" + unique("lab-new") + "@example.com\",\"team\":\"lab\"}");
        assertThat(inTeam.statusCode()).as(inTeam.body()).isEqualTo(201);
        assertThat(call(manager, "POST", "/api/v1/keys", "{\"user\":\"" + unique("eng-new") + "@example.com\",\"team\":\"platform\"}")
                .statusCode()).isEqualTo(403);
        assertThat(call(manager, "POST", "/api/v1/keys", "{\"user\":\"" + unique("teamless") + "@example.com\"}")
                .statusCode()).isEqualTo(403);
        assertThat(values(get(manager, "/api/v1/keys").path("data"), "team")).containsOnly("lab");
        String platformKey = json(admin("POST", "/api/v1/keys", "{\"user\":\"" + unique("p") + "@example.com\",\"team\":\"platform\"}")
                .body()).path("id").asString();
        assertThat(call(manager, "DELETE", "/api/v1/keys/" + platformKey, null).statusCode()).isEqualTo(404);
        assertThat(call(manager, "DELETE", "/api/v1/keys/" + json(inTeam.body()).path("id").asString(), null).statusCode())
                .isEqualTo(204);
    }
}
