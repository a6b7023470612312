package dev.aurelis.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * No way up: every path that changes what a subject may do goes through one check (the actor must hold every
 * permission it would confer, as far as it would reach). The named paths that once led up are refused, and every
 * built-in role and the test organisation's custom roles try all of them and end with no more than they began with.
 */
class EscalationTests extends AccessTestBase {

    /** Every built-in role, and custom roles that hold pieces of administration. */
    private static final List<String> ACTORS = Stream.concat(BuiltInRoles.all().keySet().stream(),
            Stream.of("team_key_manager", "scim_provisioner", "custom-team-lead")).toList();

    @Autowired
    ApiKeys keys;

    @Autowired
    Organizations organizations;

    @Autowired
    SignIn signIn;

    private Caller callerOf(String key) {
        return keys.authenticate(key).caller();
    }

    private String emailOf(String key) {
        return callerOf(key).email();
    }

    private String userId(String email) {
        return json(admin("GET", "/api/v1/users?email=" + email, null).body()).path("data").get(0).path("id").asString();
    }

    private static String scimGroup(String name, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String id : memberIds) {
            members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + name
                + "\",\"members\":[" + members + "]}";
    }

    /** A team whose membership confers enterprise_admin (bound to the team by the bootstrap administrator). */
    private String adminTeam() {
        String team = newTeam("escalation-admins");
        newKey("{\"user\":\"" + unique("admin-team-member") + "@example.com\",\"team\":\"" + team + "\"}");
        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings",
                "{\"role\":\"enterprise_admin\",\"team\":\"" + team + "\"}");
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
        return team;
    }

    /** A developer of team matrix who also manages its keys (so the developer keys it issues carry nothing more). */
    private String teamKeyManager() {
        return newKey("{\"user\":\"" + unique("key-manager") + "@example.com\",\"team\":\"matrix\","
                + "\"roles\":[\"team_key_manager\",\"developer\"]}");
    }

    private static boolean succeeded(HttpResponse<String> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    @Test
    void anAdministratorCannotRedefineARoleItBoundToItselfIntoMore() {
        String admin = keyWithRole("admin", "matrix");
        String role = unique("harmless");
        assertThat(call(admin, "POST", "/api/v1/roles", "{\"name\":\"" + role + "\",\"permissions\":[\"models:use\"]}")
                .statusCode()).isEqualTo(201);
        assertThat(call(admin, "POST", "/api/v1/role-bindings", "{\"role\":\"" + role + "\",\"user\":\"" + emailOf(admin)
                + "\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> redefined = call(admin, "PUT", "/api/v1/roles/" + role, "{\"permissions\":[\"admin:full\"]}");
        HttpResponse<String> defined = call(admin, "POST", "/api/v1/roles",
                "{\"name\":\"" + unique("direct") + "\",\"permissions\":[\"security:manage\"]}");

        assertThat(redefined.statusCode()).as(redefined.body()).isEqualTo(403);
        assertThat(json(redefined.body()).path("error").path("message").asString()).contains("admin:full");
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(403);
        assertThat(json(admin("GET", "/api/v1/roles/" + role, null).body()).path("permissions").toString())
                .doesNotContain("admin:full");
        assertThat(callerOf(admin).has(Permission.ADMIN_FULL)).isFalse();
    }

    @Test
    void aTeamKeyManagerCannotRotateATeammatesAdministratorKey() {
        String manager = teamKeyManager();
        String adminKeyId = json(admin("POST", "/api/v1/keys", "{\"user\":\"" + unique("teammate-admin")
                + "@example.com\",\"team\":\"matrix\",\"roles\":[\"admin\"]}").body()).path("id").asString();
        String developerKeyId = json(admin("POST", "/api/v1/keys", "{\"user\":\"" + unique("teammate-dev")
                + "@example.com\",\"team\":\"matrix\",\"roles\":[\"developer\"]}").body()).path("id").asString();

        HttpResponse<String> rotated = call(manager, "POST", "/api/v1/keys/" + adminKeyId + "/rotate", "{}");
        HttpResponse<String> ordinary = call(manager, "POST", "/api/v1/keys/" + developerKeyId + "/rotate", "{}");

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(403);
        assertThat(rotated.body()).doesNotContain("\"key\"");
        assertThat(json(admin("GET", "/api/v1/keys/" + adminKeyId, null).body()).path("status").asString()).isEqualTo("active");
        // a key the manager could have issued itself may still be rotated by it
        assertThat(ordinary.statusCode()).as(ordinary.body()).isEqualTo(201);
    }

    @Test
    void aScimGroupConfersNoAdministrativeRoleUnlessTheConfigurationNamesIt() {
        String provisioner = newKey("{\"user\":\"" + unique("okta") + "@example.com\",\"roles\":[\"scim_provisioner\"]}");
        String self = userId(emailOf(provisioner));
        String team = adminTeam();
        String quiet = unique("quiet-group");
        String groupId = json(scim(ADMIN_KEY, "POST", "/Groups", scimGroup(quiet)).body()).path("id").asString();
        assertThat(admin("POST", "/api/v1/role-bindings", "{\"role\":\"auditor\",\"team\":\"" + quiet + "\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> pushed = scim(provisioner, "POST", "/Groups", scimGroup(team, self));
        HttpResponse<String> patched = scim(provisioner, "PATCH", "/Groups/" + groupId, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}""".formatted(self));

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(403);
        assertThat(pushed.body()).contains("enterprise_admin").contains("integrations.scim.allowed_roles");
        // auditor administers nothing, so the default policy lets SCIM confer it
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(callerOf(provisioner).has(Permission.ADMIN_FULL)).isFalse();

        SignInSettings own = signIn.settings();
        signIn.configure(new SignInSettings(own.tenantId(), own.autoProvisioning(), own.groupSync(), own.publicUrl(),
                own.mfaRequired(), own.sessionTimeout(), own.oidc(), own.saml(), own.ldap(), own.groupMappings(),
                own.deviceLogin(), List.of("developer")));
        try {
            String other = unique("quiet-again");
            String otherId = json(scim(ADMIN_KEY, "POST", "/Groups", scimGroup(other)).body()).path("id").asString();
            admin("POST", "/api/v1/role-bindings", "{\"role\":\"auditor\",\"team\":\"" + other + "\"}");
            HttpResponse<String> notListed = scim(provisioner, "PUT", "/Groups/" + otherId, scimGroup(other, self));
            assertThat(notListed.statusCode()).as(notListed.body()).isEqualTo(403);

            signIn.configure(new SignInSettings(own.tenantId(), own.autoProvisioning(), own.groupSync(), own.publicUrl(),
                    own.mfaRequired(), own.sessionTimeout(), own.oidc(), own.saml(), own.ldap(), own.groupMappings(),
                    own.deviceLogin(), List.of("enterprise_admin")));
            HttpResponse<String> allowed = scim(provisioner, "POST", "/Groups", scimGroup(team, self));
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
        } finally {
            signIn.configure(own);
        }
    }

    @Test
    void aTeamKeyManagerCannotPullUsersOfOtherTeamsIntoItsTeam() {
        String manager = teamKeyManager();
        String labMember = unique("lab-member") + "@example.com";
        newKey("{\"user\":\"" + labMember + "\",\"team\":\"lab\"}");

        HttpResponse<String> pulled = call(manager, "POST", "/api/v1/keys", "{\"user\":\"" + labMember + "\",\"team\":\"matrix\"}");
        HttpResponse<String> newcomer = call(manager, "POST", "/api/v1/keys",
                "{\"user\":\"" + unique("new-hire") + "@example.com\",\"team\":\"matrix\"}");

        assertThat(pulled.statusCode()).as(pulled.body()).isEqualTo(403);
        assertThat(pulled.body()).contains("lab");
        assertThat(json(admin("GET", "/api/v1/users?email=" + labMember, null).body()).path("data").get(0).path("teams")
                .toString()).doesNotContain("matrix");
        assertThat(newcomer.statusCode()).as(newcomer.body()).isEqualTo(201);
    }

    @Test
    void bindingUnbindingAndDeletingNeedWhatTheyGrantOrTakeAway() {
        String admin = keyWithRole("admin", "matrix");
        String holder = unique("holder") + "@example.com";
        newKey("{\"user\":\"" + holder + "\",\"team\":\"matrix\"}");
        String binding = json(admin("POST", "/api/v1/role-bindings", "{\"role\":\"enterprise_admin\",\"user\":\"" + holder + "\"}")
                .body()).path("id").asString();
        String powerful = unique("powerful");
        assertThat(admin("POST", "/api/v1/roles", "{\"name\":\"" + powerful + "\",\"permissions\":[\"security:manage\"]}")
                .statusCode()).isEqualTo(201);

        assertThat(call(admin, "DELETE", "/api/v1/role-bindings/" + binding, null).statusCode()).isEqualTo(403);
        assertThat(call(admin, "DELETE", "/api/v1/roles/" + powerful, null).statusCode()).isEqualTo(403);
        assertThat(call(admin, "POST", "/api/v1/role-bindings", "{\"role\":\"" + powerful + "\",\"user\":\"" + holder + "\"}")
                .statusCode()).isEqualTo(403);
        assertThat(admin("DELETE", "/api/v1/role-bindings/" + binding, null).statusCode()).isEqualTo(204);
    }

    @Test
    void theModelListRefusesCallersWithoutModelsUseInTheirWireFormat() {
        String auditor = keyWithRole("auditor", "matrix");

        HttpResponse<String> openAi = call(auditor, "GET", "/v1/models", null);
        HttpResponse<String> anthropic = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("x-api-key", auditor).header("anthropic-version", "2023-06-01").GET().build());

        assertThat(openAi.statusCode()).isEqualTo(403);
        assertThat(json(openAi.body()).path("error").path("type").asString()).isEqualTo("permission_error");
        assertThat(anthropic.statusCode()).isEqualTo(403);
        assertThat(json(anthropic.body()).path("type").asString()).isEqualTo("error");
        assertThat(json(anthropic.body()).path("error").path("type").asString()).isEqualTo("permission_error");
    }

    @TestFactory
    Stream<DynamicTest> noRoleFindsAWayUpAlongAnyPath() {
        return ACTORS.stream().map(role -> dynamicTest(role + " tries every escalation path", () -> tryEveryPath(role)));
    }

    private void tryEveryPath(String role) {
        String key = keyWithRole(role, "matrix");
        String email = emailOf(key);
        Grants before = callerOf(key).grants();
        List<String> handedOut = new ArrayList<>();
        List<String> attempts = new ArrayList<>();

        // a role carrying everything, defined outright or redefined after binding a harmless one to oneself
        attempts.add(status(call(key, "POST", "/api/v1/roles", "{\"name\":\"" + unique("everything")
                + "\",\"permissions\":[\"admin:full\"]}")));
        String harmless = unique("harmless");
        attempts.add(status(call(key, "POST", "/api/v1/roles", "{\"name\":\"" + harmless + "\",\"permissions\":[\"models:use\"]}")));
        attempts.add(status(call(key, "POST", "/api/v1/role-bindings", "{\"role\":\"" + harmless + "\",\"user\":\"" + email + "\"}")));
        attempts.add(status(call(key, "PUT", "/api/v1/roles/" + harmless, "{\"permissions\":[\"admin:full\"]}")));
        // an administrator role bound to oneself, or written on a key of one's own
        attempts.add(status(call(key, "POST", "/api/v1/role-bindings", "{\"role\":\"enterprise_admin\",\"user\":\"" + email + "\"}")));
        HttpResponse<String> ownKey = call(key, "POST", "/api/v1/keys", "{\"user\":\"" + email + "\",\"team\":\"matrix\","
                + "\"roles\":[\"enterprise_admin\"]}");
        attempts.add(status(ownKey));
        collect(ownKey, handedOut);
        // a teammate's administrator key, rotated
        String adminKeyId = json(admin("POST", "/api/v1/keys", "{\"user\":\"" + unique("teammate-admin")
                + "@example.com\",\"team\":\"matrix\",\"roles\":[\"enterprise_admin\"]}").body()).path("id").asString();
        HttpResponse<String> rotated = call(key, "POST", "/api/v1/keys/" + adminKeyId + "/rotate", "{}");
        attempts.add(status(rotated));
        collect(rotated, handedOut);
        // a SCIM group whose team confers enterprise_admin, with oneself in it
        attempts.add(status(scim(key, "POST", "/Groups", scimGroup(adminTeam(), userId(email)))));
        // someone from another team pulled into one's own
        String outsider = unique("outsider") + "@example.com";
        newKey("{\"user\":\"" + outsider + "\",\"team\":\"lab\",\"roles\":[\"department_manager\"]}");
        HttpResponse<String> pulled = call(key, "POST", "/api/v1/keys", "{\"user\":\"" + outsider + "\",\"team\":\"matrix\"}");
        attempts.add(status(pulled));
        collect(pulled, handedOut);
        // a way into an administrator's account: a password, or an outside identity linked to it
        String boss = unique("boss") + "@example.com";
        newKey("{\"user\":\"" + boss + "\",\"team\":\"matrix\"}");
        assertThat(admin("POST", "/api/v1/role-bindings", "{\"role\":\"enterprise_admin\",\"user\":\"" + boss + "\"}")
                .statusCode()).isEqualTo(201);
        attempts.add(status(call(key, "PUT", "/api/v1/local-accounts", "{\"email\":\"" + boss
                + "\",\"password\":\"a long takeover password\"}")));
        attempts.add(status(call(key, "POST", "/api/v1/users/" + userId(boss) + "/identities",
                "{\"method\":\"oidc\",\"issuer\":\"https://idp.escalation.example\",\"subject\":\"" + unique("backdoor") + "\"}")));

        Grants after = callerOf(key).grants();
        assertNoMoreThan(role + " after " + attempts, before, after);
        for (String obtained : handedOut) {
            assertNoMoreThan(role + ": a key it obtained", before, callerOf(obtained).grants());
        }
    }

    private static String status(HttpResponse<String> response) {
        return response.request().method() + " " + response.uri().getPath() + " -> " + response.statusCode();
    }

    private static void collect(HttpResponse<String> response, List<String> handedOut) {
        if (succeeded(response)) {
            JsonNode key = json(response.body()).path("key");
            if (key.isString()) {
                handedOut.add(key.asString());
            }
        }
    }

    /** Every permission {@code after} holds, {@code before} holds as far (own records aside). */
    private void assertNoMoreThan(String what, Grants before, Grants after) {
        for (String permission : after.permissions()) {
            assertThat(before.has(permission)).as(what + ": gained " + permission).isTrue();
            Scope had = before.scopeOf(permission);
            Scope has = after.scopeOf(permission);
            if (had.organization()) {
                continue;
            }
            assertThat(has.organization()).as(what + ": " + permission + " now reaches the organisation").isFalse();
            assertThat(had.departments()).as(what + ": " + permission + " departments").containsAll(has.departments());
            for (String team : has.teams()) {
                String department = organizations.team(TENANT, team).map(Team::department).orElse(null);
                assertThat(had.reachesTeam(team, department)).as(what + ": " + permission + " reaches " + team).isTrue();
            }
        }
    }
}
