package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.access.AccessRefused;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a signed-in person may do: they act for their organisation with the grants its access policy gives them
 * (role bindings with their scope, as for an API key), group sync grants roles as role bindings and takes them
 * back, de-provisioning ends their sessions and withdraws their device approvals, and nobody sets a password
 * that would sign them in with more than they hold.
 */
class SignedInAccessTests extends SignInTestBase {

    private static final String SCIM = "application/scim+json";

    @Test
    void anAdministratorSignedInThroughTheProviderActsForTheirOrganisation() {
        Browser admin = signInWithOidc("ada-sub", "ada@sso.example", List.of("aurelis-admins"));

        JsonNode keys = json(admin.get("/api/v1/keys").body()).get("data");
        JsonNode users = json(admin.get("/api/v1/users").body()).get("data");

        // row-level security would show a request that acts for no tenant an empty list
        assertThat(emails(keys, "user")).contains(ADMIN_EMAIL);
        assertThat(emails(users, "email")).contains(ADMIN_EMAIL, "ada@sso.example");
    }

    @Test
    void aDepartmentManagerSignedInThroughTheProviderSeesOnlyTheirDepartment() {
        String labKey = issueKey("lab-member@sso.example", "lab");
        String platformKey = issueKey("platform-member@sso.example", "platform");
        Browser manager = signInWithOidc("mona-sub", "mona@sso.example", List.of("aurelis-research-managers"));

        JsonNode session = json(manager.get("/auth/session").body());
        List<String> teams = names(json(manager.get("/api/v1/teams").body()).get("data"));
        HttpResponse<String> keyList = manager.get("/api/v1/keys");
        List<String> users = emails(json(manager.get("/api/v1/users").body()).get("data"), "email");

        assertThat(session.get("roles").toString()).contains("department_manager");
        assertThat(teams).contains("lab").doesNotContain("platform", "reviewers");
        assertThat(keyList.statusCode()).isEqualTo(200);
        assertThat(emails(json(keyList.body()).get("data"), "user")).contains("lab-member@sso.example")
                .doesNotContain("platform-member@sso.example", ADMIN_EMAIL);
        assertThat(keyList.body()).contains(labKey.substring(0, 12)).doesNotContain(platformKey.substring(0, 12));
        assertThat(users).contains("mona@sso.example", "lab-member@sso.example").doesNotContain("platform-member@sso.example");
    }

    @Test
    void aSignedInPersonRefusedAnOperationIsRecordedAsAnyCallerIs() {
        Browser manager = signInWithOidc("milo-sub", "milo@sso.example", List.of("aurelis-research-managers"));

        HttpResponse<String> refused = manager.withCsrfCookie().postJson("/api/v1/roles",
                "{\"name\":\"milos-role\",\"permissions\":[\"models:use\"]}");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).get("error").get("message").asString()).contains("roles:manage");
        assertThat(events.of(AccessRefused.class)).anyMatch(e -> e.actor().equals("milo@sso.example")
                && e.path().equals("/api/v1/roles") && "roles:manage".equals(e.permission()));
    }

    @Test
    void groupSyncGrantsRolesAsRoleBindingsAndTakesBackOnlyItsOwn() {
        signInWithOidc("gus-sub", "gus@sso.example", List.of("aurelis-research-managers"));
        JsonNode granted = adminGet("/api/v1/role-bindings?user=gus@sso.example").get("data");
        assertThat(granted).hasSize(1);
        assertThat(granted.get(0).get("role").asString()).isEqualTo("department_manager");
        assertThat(granted.get(0).get("source").asString()).isEqualTo("group_sync");
        // an administrator's own binding of the same person is not group sync's to take back
        HttpResponse<String> bound = adminSend("POST", "/api/v1/role-bindings",
                "{\"role\":\"viewer\",\"user\":\"gus@sso.example\"}", "application/json");
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);

        Browser later = signInWithOidc("gus-sub", "gus@sso.example", List.of());

        JsonNode remaining = adminGet("/api/v1/role-bindings?user=gus@sso.example").get("data");
        assertThat(remaining).hasSize(1);
        assertThat(remaining.get(0).get("role").asString()).isEqualTo("viewer");
        assertThat(json(later.get("/auth/session").body()).get("roles").toString())
                .contains("viewer").doesNotContain("department_manager");
    }

    @Test
    void deprovisioningThroughScimEndsTheSessionsAndWithdrawsTheDeviceApprovalsOfTheUser() {
        Browser person = signInWithOidc("sam-sub", "sam@sso.example", List.of("aurelis-platform"));
        Browser other = signInWithOidc("sue-sub", "sue@sso.example", List.of("aurelis-platform"));
        Browser cli = browser();
        JsonNode device = json(cli.postForm("/api/v1/device/authorize", Map.of("client_id", "scim-test"), false).body());
        assertThat(person.withCsrfCookie().postForm("/device", Map.of("user_code", device.get("user_code").asString(),
                "action", "approve")).statusCode()).isEqualTo(200);
        String id = userId("sam@sso.example");

        HttpResponse<String> deactivated = adminSend("PATCH", "/scim/v2/Users/" + id,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}", SCIM);
        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
        assertThat(liveSessions("sam@sso.example")).isZero();
        HttpResponse<String> reactivated = adminSend("PATCH", "/scim/v2/Users/" + id,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}", SCIM);
        assertThat(reactivated.statusCode()).as(reactivated.body()).isEqualTo(200);

        // coming back does not bring the old session or the approval back
        assertThat(person.get("/auth/session").statusCode()).isEqualTo(401);
        HttpResponse<String> poll = cli.postForm("/api/v1/device/token", Map.of("grant_type", DeviceController.GRANT_TYPE,
                "device_code", device.get("device_code").asString(), "client_id", "scim-test"), false);
        assertThat(json(poll.body()).get("error").asString()).isEqualTo("access_denied");
        // nobody else is signed out
        assertThat(other.get("/auth/session").statusCode()).isEqualTo(200);
    }

    @Test
    void deletingAUserThroughTheAdminApiEndsTheirSessions() {
        Browser person = signInWithOidc("del-sub", "del@sso.example", List.of("aurelis-platform"));
        assertThat(liveSessions("del@sso.example")).isOne();

        HttpResponse<String> deleted = adminSend("DELETE", "/api/v1/users/" + userId("del@sso.example"), null, null);

        assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 204);
        assertThat(liveSessions("del@sso.example")).isZero();
        assertThat(person.get("/auth/session").statusCode()).isEqualTo(401);
    }

    @Test
    void nobodySetsThePasswordOfAnAccountWhoseGrantsTheyDoNotHold() {
        String officer = issueKey("officer@sso.example", null, "security_officer");

        HttpResponse<String> ofAdministrator = setPassword(officer, ADMIN_EMAIL);
        HttpResponse<String> ofNewcomer = setPassword(officer, "newcomer@sso.example");

        assertThat(ofAdministrator.statusCode()).as(ofAdministrator.body()).isEqualTo(403);
        assertThat(json(ofAdministrator.body()).get("error").get("message").asString()).contains("admin:full");
        assertThat(ofNewcomer.statusCode()).as(ofNewcomer.body()).isEqualTo(200);
    }

    private HttpResponse<String> setPassword(String key, String email) {
        return browser().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/local-accounts"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"a long enough password\"}"))
                .build());
    }

    private long liveSessions(String email) {
        return asTenant(() -> jdbc.sql("""
                select count(*) from identity_session s join identity_user u on u.tenant_id = s.tenant_id and u.id = s.user_id
                where u.email = ? and s.ended_at is null
                """).param(email).query(Long.class).single());
    }

    private String userId(String email) {
        JsonNode users = adminGet("/api/v1/users?email=" + email).get("data");
        assertThat(users).hasSize(1);
        return UUID.fromString(users.get(0).get("id").asString()).toString();
    }

    private String issueKey(String email, String team, String... roles) {
        String body = "{\"user\":\"" + email + "\"" + (team == null ? "" : ",\"team\":\"" + team + "\"")
                + ",\"roles\":[" + String.join(",", java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").toList()) + "]}";
        HttpResponse<String> issued = adminSend("POST", "/api/v1/keys", body, "application/json");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return json(issued.body()).get("key").asString();
    }

    private JsonNode adminGet(String path) {
        HttpResponse<String> response = adminSend("GET", path, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private HttpResponse<String> adminSend(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        return browser().send(request.build());
    }

    private static List<String> emails(JsonNode rows, String field) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.path(field).asString()));
        return values;
    }

    private static List<String> names(JsonNode rows) {
        return emails(rows, "name");
    }
}
