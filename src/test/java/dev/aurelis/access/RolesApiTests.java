package dev.aurelis.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.tenancy.OrganizationDeclaration;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Custom roles through the API and the configuration, role bindings to users and teams, and the rule that
 * nobody grants what they do not hold.
 */
class RolesApiTests extends AccessTestBase {

    private static final String CODE_REVIEW = "x-aurelis-task";

    @Autowired
    AccessPolicy access;

    @Autowired
    Organizations organizations;

    private String userWithKey(String team, String roles) {
        String email = unique("holder") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"" + team + "\",\"roles\":" + roles + "}");
        return email;
    }

    private String keyOf(String email, String team, String roles) {
        return newKey("{\"user\":\"" + email + "\",\"team\":\"" + team + "\",\"roles\":" + roles + "}");
    }

    @Test
    void listsBuiltInAndConfiguredRolesWithTheirScope() {
        JsonNode roles = json(admin("GET", "/api/v1/roles", null).body()).path("data");

        List<String> names = roles.valueStream().map(r -> r.path("name").asString()).toList();
        assertThat(names.subList(0, 9)).containsExactlyElementsOf(BuiltInRoles.all().keySet());
        assertThat(names).contains("scim_provisioner", "custom-team-lead", "team_key_manager");
        JsonNode cortex = json(admin("GET", "/api/v1/roles/custom-team-lead", null).body());
        assertThat(cortex.path("permissions").valueStream().map(JsonNode::asString))
                .containsExactly("chat.create", "github.read", "a2a.read", "mcp.manage", "config.read");
        assertThat(cortex.path("source").asString()).isEqualTo("configuration");
        assertThat(json(admin("GET", "/api/v1/roles/team_lead", null).body()).path("scope").asString()).isEqualTo("team");
        assertThat(json(admin("GET", "/api/v1/roles/team_key_manager", null).body()).path("scope").asString()).isEqualTo("team");
        assertThat(admin("GET", "/api/v1/roles/nobody", null).statusCode()).isEqualTo(404);

        JsonNode vocabulary = json(admin("GET", "/api/v1/permissions", null).body());
        assertThat(vocabulary.path("tasks").path("code_review").asString()).isEqualTo("code:analyze");
        assertThat(vocabulary.path("data").valueStream().filter(p -> p.path("name").asString().equals("team:view"))
                .findFirst().orElseThrow().path("implies").valueStream().map(JsonNode::asString))
                .contains("keys:read", "users:read");
    }

    @Test
    void aRoleDefinedAndBoundThroughTheApiTakesEffectAtOnce() {
        String name = unique("cortex-dev");
        HttpResponse<String> defined = admin("POST", "/api/v1/roles", """
                {"name":"%s","permissions":["chat.create","mcp.manage"],"description":"Cortex developers"}""".formatted(name));
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        assertThat(json(defined.body()).path("scope").asString()).isEqualTo("organization");
        String email = unique("cortex") + "@example.com";
        String key = keyOf(email, "matrix", "[\"viewer\"]");
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(403);

        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings", "{\"role\":\"" + name + "\",\"user\":\"" + email + "\"}");
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
        assertThat(json(admin("GET", "/api/v1/role-bindings?user=" + email, null).body()).path("data").get(0)
                .path("role").asString()).isEqualTo(name);
        assertThat(admin("POST", "/api/v1/role-bindings", "{\"role\":\"" + name + "\",\"user\":\"" + email + "\"}").statusCode())
                .isEqualTo(409);

        String bindingId = json(bound.body()).path("id").asString();
        assertThat(admin("DELETE", "/api/v1/role-bindings/" + bindingId, null).statusCode()).isEqualTo(204);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(403);
        assertThat(admin("DELETE", "/api/v1/role-bindings/" + bindingId, null).statusCode()).isEqualTo(404);

        assertThat(published(RoleDefined.class)).anySatisfy(e -> assertThat(e.role()).isEqualTo(name));
        assertThat(published(RoleGranted.class)).anySatisfy(e -> {
            assertThat(e.role()).isEqualTo(name);
            assertThat(e.actor()).isEqualTo("admin@aurelis.local");
        });
        assertThat(published(RoleRevoked.class)).anySatisfy(e -> assertThat(e.bindingId().toString()).isEqualTo(bindingId));
    }

    @Test
    void aRoleBoundToATeamReachesEveryMember() {
        String team = newTeam("reviewers");
        String key = newKey("{\"user\":\"" + unique("member") + "@example.com\",\"team\":\"" + team + "\",\"roles\":[\"viewer\"]}");
        assertThat(openAi("/v1/chat/completions", key, CHAT, CODE_REVIEW, "code_review").statusCode()).isEqualTo(403);

        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings", "{\"role\":\"reviewer\",\"team\":\"" + team + "\"}");

        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
        assertThat(openAi("/v1/chat/completions", key, CHAT, CODE_REVIEW, "code_review").statusCode()).isEqualTo(200);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(403);
    }

    @Test
    void builtInAndConfiguredRolesCannotBeChangedThroughTheApi() {
        HttpResponse<String> builtIn = admin("PUT", "/api/v1/roles/developer", "{\"permissions\":[\"admin:full\"]}");
        assertThat(builtIn.statusCode()).isEqualTo(409);
        assertThat(builtIn.body()).contains("built in");
        assertThat(admin("DELETE", "/api/v1/roles/scim_provisioner", null).body()).contains("configuration file");
        assertThat(admin("POST", "/api/v1/roles", "{\"name\":\"developer\",\"permissions\":[\"models:use\"]}").statusCode())
                .isEqualTo(409);
        assertThat(json(admin("GET", "/api/v1/roles/developer", null).body()).path("permissions").toString())
                .doesNotContain("admin:full");
    }

    @Test
    void aRoleStillGrantedCannotBeDeleted() {
        String name = unique("temporary");
        admin("POST", "/api/v1/roles", "{\"name\":\"" + name + "\",\"permissions\":[\"usage:read\"],\"scope\":\"own\"}");
        String email = userWithKey("matrix", "[]");
        String binding = json(admin("POST", "/api/v1/role-bindings", "{\"role\":\"" + name + "\",\"user\":\"" + email + "\"}")
                .body()).path("id").asString();

        HttpResponse<String> refused = admin("DELETE", "/api/v1/roles/" + name, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("1 binding");

        admin("DELETE", "/api/v1/role-bindings/" + binding, null);
        HttpResponse<String> updated = admin("PUT", "/api/v1/roles/" + name, "{\"permissions\":[\"usage:read\",\"keys:read\"]}");
        assertThat(json(updated.body()).path("scope").asString()).isEqualTo("own");
        assertThat(admin("DELETE", "/api/v1/roles/" + name, null).statusCode()).isEqualTo(204);
        assertThat(admin("GET", "/api/v1/roles/" + name, null).statusCode()).isEqualTo(404);
        assertThat(published(RoleDeleted.class)).anySatisfy(e -> assertThat(e.role()).isEqualTo(name));
    }

    @Test
    void refusesMalformedRolesAndBindings() {
        assertThat(admin("POST", "/api/v1/roles", "{\"name\":\"Bad Name\",\"permissions\":[\"usage:read\"]}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/v1/roles", "{\"name\":\"empty\",\"permissions\":[]}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/v1/roles", "{\"name\":\"bad-permission\",\"permissions\":[\"everything\"]}").body())
                .contains("not a permission");
        assertThat(admin("POST", "/api/v1/roles", "{\"name\":\"bad-scope\",\"permissions\":[\"usage:read\"],\"scope\":\"galaxy\"}")
                .statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/v1/role-bindings", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/v1/role-bindings", "{\"role\":\"viewer\",\"user\":\"nobody@example.com\"}").statusCode())
                .isEqualTo(404);
        assertThat(admin("POST", "/api/v1/role-bindings", "{\"role\":\"wizard\",\"team\":\"matrix\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/v1/role-bindings",
                "{\"role\":\"viewer\",\"team\":\"platform\",\"scope_department\":\"engineering\"}").body())
                .contains("only a department-scoped role");
        assertThat(admin("POST", "/api/v1/role-bindings",
                "{\"role\":\"department_manager\",\"team\":\"platform\",\"scope_department\":\"atlantis\"}").body())
                .contains("No department");
    }

    @Test
    void nobodyGrantsWhatTheirOwnRolesDoNotGrant() {
        String admin = keyWithRole("admin", "matrix");
        String someone = userWithKey("matrix", "[]");

        HttpResponse<String> escalation = call(admin, "POST", "/api/v1/role-bindings",
                "{\"role\":\"enterprise_admin\",\"user\":\"" + someone + "\"}");
        assertThat(escalation.statusCode()).isEqualTo(403);
        assertThat(escalation.body()).contains("admin:full");
        HttpResponse<String> mintedKey = call(admin, "POST", "/api/v1/keys",
                "{\"user\":\"" + unique("minted") + "@example.com\",\"roles\":[\"enterprise_admin\"]}");
        assertThat(mintedKey.statusCode()).isEqualTo(403);
        // a key for the administrator would carry their enterprise_admin binding
        HttpResponse<String> borrowed = call(admin, "POST", "/api/v1/keys", "{\"user\":\"admin@aurelis.local\"}");
        assertThat(borrowed.statusCode()).isEqualTo(403);
        assertThat(published(AccessRefused.class)).hasSize(3);

        assertThat(call(admin, "POST", "/api/v1/role-bindings", "{\"role\":\"auditor\",\"user\":\"" + someone + "\"}")
                .statusCode()).isEqualTo(201);
        assertThat(call(admin, "POST", "/api/v1/keys", "{\"user\":\"" + unique("fine") + "@example.com\",\"team\":\"platform\"}")
                .statusCode()).isEqualTo(201);
        // roles:manage only counts across the organisation; a team lead cannot bind anything
        assertThat(call(keyWithRole("team_lead", "matrix"), "POST", "/api/v1/role-bindings",
                "{\"role\":\"viewer\",\"user\":\"" + someone + "\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void departmentIsolationNarrowsOrganizationWideRolesToTheHoldersDepartments() {
        TenantId isolated = TenantId.of("tenant-isolated");
        UUID user = UUID.randomUUID();
        TenantContext.run(isolated, () -> {
            organizations.declare(new OrganizationDeclaration(isolated, "Isolated", "isolated", "UTC",
                    List.of(new dev.aurelis.tenancy.Department("finance", null, null, null)),
                    List.of(new dev.aurelis.tenancy.Team("ledger", "finance", null)), List.of()));
            access.declare(new AccessDeclaration(isolated, Map.of("analyst", List.of("usage:read")), Map.of(),
                    Map.of(), Map.of(), true));
        });

        Grants viewer = access.grantsOf(isolated, new Subject(user, List.of("viewer", "analyst"), "ledger", Set.of()));
        assertThat(viewer.scopeOf("usage:read").organization()).isFalse();
        assertThat(viewer.scopeOf("usage:read").departments()).containsExactly("finance");
        Grants auditor = access.grantsOf(isolated, new Subject(user, List.of("auditor"), "ledger", Set.of()));
        assertThat(auditor.scopeOf("usage:read").organization()).isTrue();
        Grants elsewhere = access.grantsOf(TENANT, new Subject(user, List.of("viewer"), "lab", Set.of()));
        assertThat(elsewhere.scopeOf("usage:read").organization()).isTrue();
    }
}
