package dev.aurelis.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Calls every operation of the authorization matrix ({@code access/authorization-matrix.csv}, the table the
 * admin API enforces) as every built-in role over real HTTP and checks each outcome against the table: no
 * operation is allowed that the table denies, and none denied that it allows. Each role's key lives in team
 * {@code matrix}, which has no roles of its own, so a key has exactly its role; scoped roles act on their own
 * team's and department's resources.
 */
class AuthorizationMatrixTests extends AccessTestBase {

    private static final List<String> ROLES = List.copyOf(BuiltInRoles.all().keySet());

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** How to make one concrete call of an operation; fixtures are created fresh per call where the call consumes them. */
    private record Call(String kind, String method, String path, String body, String task) {
    }

    private final Map<String, String> keys = new HashMap<>();

    @Test
    void theTableNamesEveryBuiltInRoleInOrder() {
        for (AuthorizationMatrix.Operation operation : AuthorizationMatrix.operations()) {
            assertThat(List.copyOf(operation.expected().keySet())).as(operation.toString()).isEqualTo(ROLES);
        }
    }

    @Test
    void everyAdminAndGatewayEndpointOfTheServerIsInTheTableAndNothingElse() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPathPatternsCondition().getPatternValues()
                .forEach(pattern -> info.getMethodsCondition().getMethods()
                        .forEach(method -> served.add(method + " " + pattern))));
        Set<String> servedProtected = served.stream()
                .filter(s -> s.contains(" /api/") || s.contains(" /scim/") || s.contains(" /v1/"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tabled = AuthorizationMatrix.operations().stream().map(o -> o.method() + " " + o.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(tabled).isEqualTo(servedProtected);
    }

    @Test
    void gatewayRowsRequireModelsUseAndTheirTasksPermission() {
        for (AuthorizationMatrix.Operation operation : AuthorizationMatrix.operations()) {
            if (operation.admin()) {
                assertThat(operation.permissions()).as(operation.toString()).hasSize(1);
                continue;
            }
            boolean generates = !operation.path().equals("/v1/models") && !operation.path().endsWith("/count_tokens");
            List<String> wanted = generates
                    ? List.of(Permission.MODELS_USE, Permission.forTask(operation.task().isEmpty() ? null : operation.task()))
                    : List.of(Permission.MODELS_USE);
            assertThat(operation.permissions()).as(operation.toString()).isEqualTo(wanted);
        }
    }

    @Test
    void theExpectedOutcomesAreWhatTheBuiltInPermissionsGrant() {
        for (AuthorizationMatrix.Operation operation : AuthorizationMatrix.operations()) {
            for (String role : ROLES) {
                Set<String> granted = Permission.expand(BuiltInRoles.all().get(role));
                boolean allowed = operation.permissions().stream().allMatch(p -> Permission.includes(granted, p));
                assertThat(operation.expected().get(role)).as(operation + " as " + role).isEqualTo(allowed);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOperationAsEveryBuiltInRoleHasTheOutcomeTheTableStates() {
        List<DynamicTest> tests = new ArrayList<>();
        for (AuthorizationMatrix.Operation operation : AuthorizationMatrix.operations()) {
            for (String role : ROLES) {
                boolean allowed = operation.expected().get(role);
                tests.add(dynamicTest(operation + " as " + role + " is " + (allowed ? "allowed" : "denied"),
                        () -> check(operation, role, allowed)));
            }
        }
        return tests.stream();
    }

    private void check(AuthorizationMatrix.Operation operation, String role, boolean allowed) {
        String key = keys.computeIfAbsent(role, r -> keyWithRole(r, "matrix"));
        Call call = call(operation);
        HttpResponse<String> response = switch (call.kind()) {
            case "scim" -> scim(key, call.method(), call.path(), call.body());
            case "anthropic" -> call.task() == null ? anthropic(call.path(), key, call.body())
                    : anthropic(call.path(), key, call.body(), "x-aurelis-task", call.task());
            case "openai" -> call.task() == null ? openAi(call.path(), key, call.body())
                    : openAi(call.path(), key, call.body(), "x-aurelis-task", call.task());
            default -> call(key, call.method(), call.path(), call.body());
        };
        String what = operation + " as " + role + " -> " + response.statusCode() + " " + response.body();
        if (call.path().equals("/v1/models")) {
            assertThat(response.statusCode()).as(what).isEqualTo(200);
            assertThat(json(response.body()).path("data").isEmpty()).as(what).isEqualTo(!allowed);
        } else if (allowed) {
            assertThat(response.statusCode()).as(what).isBetween(200, 299);
        } else {
            assertThat(response.statusCode()).as(what).isEqualTo(403);
        }
    }

    /** The concrete request for an operation, with fixtures made by the bootstrap administrator. */
    private Call call(AuthorizationMatrix.Operation operation) {
        String task = operation.task().isEmpty() ? null : operation.task();
        String row = operation.method() + " " + operation.path();
        return switch (row) {
            case "POST /api/v1/roles" -> adminCall("POST", "/api/v1/roles",
                    "{\"name\":\"" + unique("matrix-role") + "\",\"permissions\":[\"models:use\"]}");
            case "GET /api/v1/roles/{name}" -> adminCall("GET", "/api/v1/roles/developer", null);
            case "PUT /api/v1/roles/{name}" -> adminCall("PUT", "/api/v1/roles/" + newRole(), "{\"permissions\":[\"usage:read\"]}");
            case "DELETE /api/v1/roles/{name}" -> adminCall("DELETE", "/api/v1/roles/" + newRole(), null);
            case "POST /api/v1/role-bindings" -> adminCall("POST", "/api/v1/role-bindings",
                    "{\"role\":\"viewer\",\"user\":\"" + newUser() + "\"}");
            case "DELETE /api/v1/role-bindings/{id}" -> adminCall("DELETE", "/api/v1/role-bindings/" + newBinding(), null);
            case "POST /api/v1/keys" -> adminCall("POST", "/api/v1/keys",
                    "{\"user\":\"" + unique("matrix-owner") + "@example.com\",\"team\":\"matrix\",\"roles\":[\"developer\"]}");
            case "GET /api/v1/keys/{id}" -> adminCall("GET", "/api/v1/keys/" + newKeyId(), null);
            case "DELETE /api/v1/keys/{id}" -> adminCall("DELETE", "/api/v1/keys/" + newKeyId(), null);
            case "POST /api/v1/keys/{id}/rotate" -> adminCall("POST", "/api/v1/keys/" + newKeyId() + "/rotate",
                    "{\"grace_period\":\"1h\"}");
            case "GET /api/v1/users/{id}" -> adminCall("GET", "/api/v1/users/" + userId(newUser()), null);
            case "DELETE /api/v1/users/{id}" -> adminCall("DELETE", "/api/v1/users/" + userId(newUser()), null);
            case "PUT /api/v1/teams/{team}/models" -> adminCall("PUT", "/api/v1/teams/matrix/models", "{\"models\":[]}");
            case "GET /api/v1/usage" -> adminCall("GET", "/api/v1/usage?limit=1", null);
            case "GET /scim/v2/ResourceTypes/{id}" -> scimCall("GET", "/ResourceTypes/User", null);
            case "GET /scim/v2/Schemas/{id}" -> scimCall("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", null);
            case "POST /scim/v2/Users" -> scimCall("POST", "/Users", scimUser(unique("scim-matrix") + "@example.com"));
            case "POST /scim/v2/Users/.search" -> scimCall("POST", "/Users/.search",
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\"userName sw \\\"scim\\\"\"}");
            case "GET /scim/v2/Users/{id}" -> scimCall("GET", "/Users/" + newScimUser(), null);
            case "PUT /scim/v2/Users/{id}" -> {
                String email = unique("scim-matrix") + "@example.com";
                String id = scimId(scim(ADMIN_KEY, "POST", "/Users", scimUser(email)));
                yield scimCall("PUT", "/Users/" + id, scimUser(email));
            }
            case "PATCH /scim/v2/Users/{id}" -> scimCall("PATCH", "/Users/" + newScimUser(),
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Matrix\"}]}");
            case "DELETE /scim/v2/Users/{id}" -> scimCall("DELETE", "/Users/" + newScimUser(), null);
            case "POST /scim/v2/Groups" -> scimCall("POST", "/Groups", scimGroup(unique("matrix-group")));
            case "POST /scim/v2/Groups/.search" -> scimCall("POST", "/Groups/.search",
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\"displayName pr\"}");
            case "GET /scim/v2/Groups/{id}" -> scimCall("GET", "/Groups/" + newScimGroup(), null);
            case "PUT /scim/v2/Groups/{id}" -> {
                String name = unique("matrix-group");
                String id = scimId(scim(ADMIN_KEY, "POST", "/Groups", scimGroup(name)));
                yield scimCall("PUT", "/Groups/" + id, scimGroup(name));
            }
            case "PATCH /scim/v2/Groups/{id}" -> scimCall("PATCH", "/Groups/" + newScimGroup(),
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"add\",\"path\":\"externalId\",\"value\":\"ext-1\"}]}");
            case "DELETE /scim/v2/Groups/{id}" -> scimCall("DELETE", "/Groups/" + newScimGroup(), null);
            case "POST /v1/chat/completions" -> new Call("openai", "POST", operation.path(), CHAT, task);
            case "POST /v1/completions" -> new Call("openai", "POST", operation.path(),
                    "{\"model\":\"gpt-4o-mini\",\"prompt\":\"hi\"}", task);
            case "POST /v1/embeddings" -> new Call("openai", "POST", operation.path(),
                    "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}", task);
            case "POST /v1/responses" -> new Call("openai", "POST", operation.path(),
                    "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}", task);
            case "POST /v1/messages" -> new Call("anthropic", "POST", operation.path(),
                    "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", task);
            case "POST /v1/messages/count_tokens" -> new Call("anthropic", "POST", operation.path(),
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", null);
            case "GET /v1/models" -> new Call("models", "GET", operation.path(), null, null);
            default -> {
                if (operation.method().equals("GET") && !operation.path().contains("{")) {
                    yield operation.path().startsWith("/scim/v2")
                            ? scimCall("GET", operation.path().substring("/scim/v2".length()), null)
                            : adminCall("GET", operation.path(), null);
                }
                throw new AssertionError("No request is defined for " + row + "; add one to AuthorizationMatrixTests");
            }
        };
    }

    private static Call adminCall(String method, String path, String body) {
        return new Call("admin", method, path, body, null);
    }

    private static Call scimCall(String method, String path, String body) {
        return new Call("scim", method, path, body, null);
    }

    private String newRole() {
        String name = unique("matrix-role");
        HttpResponse<String> created = admin("POST", "/api/v1/roles", "{\"name\":\"" + name + "\",\"permissions\":[\"models:use\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    /** A new user in team matrix (made by issuing them a key). */
    private String newUser() {
        String email = unique("matrix-user") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"matrix\",\"roles\":[\"developer\"]}");
        return email;
    }

    private String userId(String email) {
        HttpResponse<String> users = admin("GET", "/api/v1/users?email=" + email, null);
        return json(users.body()).path("data").get(0).path("id").asString();
    }

    private String newBinding() {
        HttpResponse<String> created = admin("POST", "/api/v1/role-bindings", "{\"role\":\"viewer\",\"user\":\"" + newUser() + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("id").asString();
    }

    private String newKeyId() {
        HttpResponse<String> created = admin("POST", "/api/v1/keys",
                "{\"user\":\"" + unique("matrix-owner") + "@example.com\",\"team\":\"matrix\",\"roles\":[\"developer\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("id").asString();
    }

    private static String scimUser(String email) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + email
                + "\",\"emails\":[{\"value\":\"" + email + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";
    }

    private static String scimGroup(String name) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + name + "\"}";
    }

    private String newScimUser() {
        return scimId(scim(ADMIN_KEY, "POST", "/Users", scimUser(unique("scim-matrix") + "@example.com")));
    }

    private String newScimGroup() {
        return scimId(scim(ADMIN_KEY, "POST", "/Groups", scimGroup(unique("matrix-group"))));
    }

    private static String scimId(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created.body());
        return body.path("id").asString();
    }
}
