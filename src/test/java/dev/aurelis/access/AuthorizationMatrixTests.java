package dev.aurelis.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.aurelis.identity.signin.OidcSignIn;
import dev.aurelis.testing.AccessTestBase;
import java.net.URI;
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
 * team's and department's resources. The public rows (sign-in endpoints) must answer every role, and a caller
 * without any key or session, with the endpoint's own answer.
 */
class AuthorizationMatrixTests extends AccessTestBase {

    private static final List<String> ROLES = List.copyOf(BuiltInRoles.all().keySet());

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    org.springframework.graphql.execution.GraphQlSource graphQlSource;

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
        // the OpenID Connect redirect and callback are served by Spring Security's filters, not by a controller
        served.addAll(OidcSignIn.FILTER_ENDPOINTS);
        // the exchange endpoints are served by the gateway's first servlet filter, not by a controller (ADR 0027)
        served.addAll(dev.aurelis.gateway.endpoints.DataPlane.FILTER_ENDPOINTS);
        // a session's socket is served by its WebSocket handler, not by a controller (ADR 0057)
        served.addAll(dev.aurelis.collaboration.Sessions.SOCKET_ENDPOINTS);
        Set<String> servedProtected = served.stream()
                .filter(s -> s.contains(" /api/") || s.contains(" /scim/") || s.contains(" /v1/") || isSignInEndpoint(s))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tabled = AuthorizationMatrix.operations().stream().map(o -> o.method() + " " + o.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(tabled).isEqualTo(servedProtected);
    }

    @Test
    void onlySignInEndpointsArePublic() {
        for (AuthorizationMatrix.Operation operation : AuthorizationMatrix.operations()) {
            assertThat(operation.isPublic()).as(operation.toString())
                    .isEqualTo(isSignInEndpoint(operation.method() + " " + operation.path()));
        }
    }

    /** The sign-in surface: pages, second factor, identity-provider callbacks and RFC 8628 device login. */
    private static boolean isSignInEndpoint(String endpoint) {
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        return path.equals("/login") || path.startsWith("/auth/") || path.equals("/device")
                || path.startsWith("/oauth2/authorization/") || path.startsWith("/login/oauth2/code/")
                || path.startsWith("/api/v1/device/");
    }

    @Test
    void gatewayRowsRequireModelsUseAndTheirTasksPermission() {
        for (AuthorizationMatrix.Operation operation : AuthorizationMatrix.operations()) {
            if (operation.admin() || operation.isPublic()) {
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
                boolean allowed = operation.isPublic()
                        || operation.permissions().stream().allMatch(p -> Permission.includes(granted, p));
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

    /** Every GraphQL field stands for an admin REST operation of the table (its description names it). */
    @Test
    void everyGraphQlFieldNamesATabledRestOperation() {
        Set<String> tabled = AuthorizationMatrix.adminOperations().stream().map(o -> o.method() + " " + o.path())
                .collect(Collectors.toSet());
        List<String> fields = new ArrayList<>();
        graphQlFields().forEach((field, operation) -> {
            fields.add(field);
            assertThat(tabled).as(field).contains(operation);
        });
        assertThat(fields).contains("Query.users", "Query.keys", "Query.budgets", "Query.usage", "Mutation.issue_key");
    }

    /**
     * Every GraphQL field as every built-in role, made from the same concrete request (and fixtures) as its REST
     * operation's row: a role the table denies is denied in GraphQL with a permission error, an allowed one gets an
     * answer without errors.
     */
    @TestFactory
    Stream<DynamicTest> everyGraphQlFieldAsEveryBuiltInRoleHasItsRestOperationsOutcome() {
        Map<String, AuthorizationMatrix.Operation> rows = new HashMap<>();
        AuthorizationMatrix.adminOperations().forEach(o -> rows.put(o.method() + " " + o.path(), o));
        List<DynamicTest> tests = new ArrayList<>();
        graphQlFields().forEach((field, operation) -> {
            for (String role : ROLES) {
                boolean allowed = rows.get(operation).expected().get(role);
                tests.add(dynamicTest("GraphQL " + field + " (" + operation + ") as " + role + " is "
                        + (allowed ? "allowed" : "denied"), () -> checkGraphQl(field, rows.get(operation), role, allowed)));
            }
        });
        return tests.stream();
    }

    private Map<String, String> graphQlFields() {
        Map<String, String> fields = new java.util.TreeMap<>();
        for (String root : List.of("Query", "Mutation")) {
            graphQlSource.schema().getObjectType(root).getFieldDefinitions().forEach(field -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(GET|POST|PUT|PATCH|DELETE) (/[^\\s:]+)")
                        .matcher(field.getDescription() == null ? "" : field.getDescription());
                assertThat(m.find()).as(root + "." + field.getName() + " names its REST operation").isTrue();
                fields.put(root + "." + field.getName(), m.group(1) + " " + m.group(2));
            });
        }
        return fields;
    }

    private record MemberCall(String key, Call call) {
    }

    private static boolean membersOnly(AuthorizationMatrix.Operation operation) {
        return operation.path().startsWith("/api/v1/workspaces/{name}/context")
                || operation.path().startsWith("/api/v1/workspaces/{name}/sessions");
    }

    /**
     * A workspace's context and sessions are its members': an allowed role's call comes from a member with that role
     * (for a session, one who started it).
     */
    private MemberCall memberCall(AuthorizationMatrix.Operation operation, String role) {
        String email = unique("matrix-member") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"matrix\",\"roles\":[\"" + role + "\"]}");
        return new MemberCall(key, operation.path().startsWith("/api/v1/workspaces/{name}/context")
                ? workspaceContextCall(operation, email) : sessionCall(operation, email, key));
    }

    private void checkGraphQl(String field, AuthorizationMatrix.Operation operation, String role, boolean allowed) {
        String key = keys.computeIfAbsent(role, r -> keyWithRole(r, "matrix"));
        Call call = call(operation);
        if (allowed && membersOnly(operation)) {
            MemberCall member = memberCall(operation, role);
            key = member.key();
            call = member.call();
        }
        String root = field.substring(0, field.indexOf('.'));
        graphql.schema.GraphQLFieldDefinition definition = graphQlSource.schema().getObjectType(root)
                .getFieldDefinition(field.substring(root.length() + 1));
        String document = (root.equals("Query") ? "query" : "mutation") + " { "
                + GraphQlDocuments.field(definition, operation.path(), call.path(), call.body()) + " }";
        JsonNode answer = graphQl(key, document);
        String what = field + " as " + role + ": " + document + " -> " + answer;
        if (allowed) {
            assertThat(answer.path("errors").isEmpty()).as(what).isTrue();
            assertThat(absent(answer.path("data").path(definition.getName()))).as(what).isFalse();
        } else {
            assertThat(answer.path("errors").isEmpty()).as(what).isFalse();
            assertThat(answer.path("errors").get(0).path("extensions").path("type").asString()).as(what)
                    .isEqualTo("permission_error");
            assertThat(answer.path("errors").get(0).path("extensions").path("status").asInt()).as(what).isEqualTo(403);
            assertThat(absent(answer.path("data").path(definition.getName()))).as(what).isTrue();
        }
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    @TestFactory
    Stream<DynamicTest> everySignInEndpointAnswersWithoutAKeyOrSession() {
        return AuthorizationMatrix.operations().stream().filter(AuthorizationMatrix.Operation::isPublic)
                .map(operation -> dynamicTest(operation + " without credentials", () -> {
                    SignInCall call = signInCall(operation);
                    expectEndpointsOwnAnswer(operation + " without credentials", call, send(call, null, csrfToken()));
                }));
    }

    private void check(AuthorizationMatrix.Operation operation, String role, boolean allowed) {
        String key = keys.computeIfAbsent(role, r -> keyWithRole(r, "matrix"));
        if (operation.isPublic()) {
            SignInCall call = signInCall(operation);
            expectEndpointsOwnAnswer(operation + " as " + role, call, send(call, key, null));
            return;
        }
        Call call = operation.toString().equals("POST /api/v1/feedback") ? feedbackCall(key, allowed) : call(operation);
        if (allowed && membersOnly(operation)) {
            MemberCall member = memberCall(operation, role);
            key = member.key();
            call = member.call();
        }
        if (call.kind().equals("websocket")) {
            int status = handshake(key, call.path());
            assertThat(status).as(operation + " as " + role + " -> " + status).isEqualTo(allowed ? 101 : 403);
            return;
        }
        HttpResponse<String> response = switch (call.kind()) {
            case "scim" -> scim(key, call.method(), call.path(), call.body());
            case "anthropic" -> call.task() == null ? anthropic(call.path(), key, call.body())
                    : anthropic(call.path(), key, call.body(), "x-aurelis-task", call.task());
            case "openai" -> call.task() == null ? openAi(call.path(), key, call.body())
                    : openAi(call.path(), key, call.body(), "x-aurelis-task", call.task());
            default -> call(key, call.method(), call.path(), call.body());
        };
        String what = operation + " as " + role + " -> " + response.statusCode() + " " + response.body();
        if (call.path().equals("/v1/models") && allowed) {
            assertThat(response.statusCode()).as(what).isEqualTo(200);
            assertThat(json(response.body()).path("data").isEmpty()).as(what).isFalse();
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
            case "GET /api/v1/sdks/{language}" -> adminCall("GET", "/api/v1/sdks/python", null);
            case "GET /api/v1/users/{id}" -> adminCall("GET", "/api/v1/users/" + userId(newUser()), null);
            case "POST /api/v1/privacy/keys/rotate" -> adminCall("POST", "/api/v1/privacy/keys/rotate", null);
            case "POST /api/v1/privacy/erasures" -> adminCall("POST", "/api/v1/privacy/erasures",
                    "{\"user\":\"" + newUser() + "\"}");
            case "GET /api/v1/privacy/consents" -> adminCall("GET", "/api/v1/privacy/consents?user=" + newUser(), null);
            case "POST /api/v1/surveys/responses" -> adminCall("POST", "/api/v1/surveys/responses",
                    "{\"satisfaction\":4,\"time_saved\":\"1_to_3h\"}");
            case "PUT /api/v1/me/consents" -> adminCall("PUT", "/api/v1/me/consents",
                    "{\"purpose\":\"content_logging\",\"given\":false}");
            case "DELETE /api/v1/users/{id}" -> adminCall("DELETE", "/api/v1/users/" + userId(newUser()), null);
            case "GET /api/v1/users/{id}/identities" -> adminCall("GET", "/api/v1/users/" + userId(newUser()) + "/identities", null);
            case "POST /api/v1/users/{id}/identities" -> adminCall("POST", "/api/v1/users/" + userId(newUser()) + "/identities",
                    identity());
            case "DELETE /api/v1/users/{id}/identities/{identityId}" -> {
                String user = userId(newUser());
                HttpResponse<String> linked = admin("POST", "/api/v1/users/" + user + "/identities", identity());
                assertThat(linked.statusCode()).as(linked.body()).isEqualTo(201);
                yield adminCall("DELETE", "/api/v1/users/" + user + "/identities/" + json(linked.body()).path("id").asString(), null);
            }
            case "PUT /api/v1/teams/{team}/models" -> adminCall("PUT", "/api/v1/teams/matrix/models", "{\"models\":[]}");
            case "GET /api/v1/usage" -> adminCall("GET", "/api/v1/usage?limit=1", null);
            case "PUT /api/v1/local-accounts" -> adminCall("PUT", "/api/v1/local-accounts",
                    "{\"email\":\"" + unique("matrix-local") + "@example.com\",\"password\":\"a long matrix password\"}");
            case "POST /api/v1/budgets" -> adminCall("POST", "/api/v1/budgets", userBudget(newUser()));
            case "POST /api/v1/reports/reconcile" -> adminCall("POST", "/api/v1/reports/reconcile?provider=openai",
                    "{\"object\":\"page\",\"data\":[{\"object\":\"bucket\",\"start_time\":1730419200,"
                            + "\"end_time\":1730505600,\"results\":[{\"model\":\"gpt-4o\",\"input_tokens\":10,"
                            + "\"output_tokens\":6,\"num_model_requests\":1}]}],\"has_more\":false}");
            case "GET /api/v1/budgets/{id}" -> adminCall("GET", "/api/v1/budgets/" + newBudgetId(), null);
            case "GET /api/v1/lineage" -> adminCall("GET", "/api/v1/lineage?commit=0000000", null);
            case "GET /api/v1/lineage/{request_id}" -> adminCall("GET", "/api/v1/lineage/" + exchangedRequestId(), null);
            case "DELETE /api/v1/budgets/{id}" -> adminCall("DELETE", "/api/v1/budgets/" + newBudgetId(), null);
            case "POST /api/v1/backups" -> adminCall("POST", "/api/v1/backups", null);
            case "POST /api/v1/backups/{id}/verify" -> adminCall("POST", "/api/v1/backups/" + backupId() + "/verify", null);
            // an empty body: onboarding against the server's own configuration
            case "POST /api/v1/onboarding" -> adminCall("POST", "/api/v1/onboarding", null);
            case "GET /api/v1/onboarding/training/{name}" -> adminCall("GET", "/api/v1/onboarding/training/operations", null);
            case "PUT /api/v1/analytics/roi-assumptions" -> adminCall("PUT", "/api/v1/analytics/roi-assumptions",
                    "{\"loaded_hourly_cost\": 80}");
            case "POST /api/v1/analytics/embeds" -> adminCall("POST", "/api/v1/analytics/embeds",
                    "{\"chart\": \"requests\", \"expires_in\": \"1h\"}");
            case "GET /api/v1/reports/cost" -> adminCall("GET", "/api/v1/reports/cost?breakdown=team", null);
            case "POST /api/v1/workflows/reviews" -> adminCall("POST", "/api/v1/workflows/reviews", REVIEW);
            case "GET /api/v1/workflows/runs/{id}" -> adminCall("GET", "/api/v1/workflows/runs/" + newReviewRunId(), null);
            case "GET /api/v1/workflows/definitions/{name}" -> adminCall("GET", "/api/v1/workflows/definitions/matrix_review", null);
            case "POST /api/v1/workflows/definitions" -> adminCall("POST", "/api/v1/workflows/definitions",
                    workflowDefinition(unique("matrix-workflow")));
            case "PUT /api/v1/workflows/definitions/{name}" -> {
                String name = newWorkflowDefinition();
                yield adminCall("PUT", "/api/v1/workflows/definitions/" + name,
                        workflowDefinition(name).replaceFirst("\\{", "{\"version\":1,"));
            }
            case "DELETE /api/v1/workflows/definitions/{name}" -> adminCall("DELETE", "/api/v1/workflows/definitions/"
                    + newWorkflowDefinition(), null);
            case "GET /api/v1/workflows/reviews/{id}" -> adminCall("GET", "/api/v1/workflows/reviews/" + newReviewRunId(), null);
            case "POST /api/v1/workflows/runs/{id}/approvals" -> adminCall("POST", "/api/v1/workflows/runs/"
                    + newRunAwaitingApproval() + "/approvals", "{\"decision\":\"approve\"}");
            case "POST /api/v1/alerts" -> adminCall("POST", "/api/v1/alerts",
                    "{\"summary\":\"matrix\",\"group\":\"team=" + unique("matrix-alert") + "\"}");
            case "POST /api/v1/alerts/{id}/acknowledge" -> adminCall("POST", "/api/v1/alerts/" + newMatrixAlertId()
                    + "/acknowledge", "");
            case "POST /api/v1/alerts/{id}/resolve" -> adminCall("POST", "/api/v1/alerts/" + newAlertId(
                    "team=" + unique("matrix-alert")) + "/resolve", "");
            case "POST /api/v1/alerts/silences" -> adminCall("POST", "/api/v1/alerts/silences",
                    "{\"rule\":\"manual\",\"duration\":\"1m\"}");
            case "DELETE /api/v1/alerts/silences/{id}" -> {
                HttpResponse<String> created = admin("POST", "/api/v1/alerts/silences", "{\"duration\":\"1m\"}");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                yield adminCall("DELETE", "/api/v1/alerts/silences/" + json(created.body()).path("id").asString(), null);
            }
            case "POST /api/v1/webhooks" -> adminCall("POST", "/api/v1/webhooks", WEBHOOK);
            case "GET /api/v1/webhooks/{id}" -> adminCall("GET", "/api/v1/webhooks/" + newWebhookId(), null);
            case "PATCH /api/v1/webhooks/{id}" -> adminCall("PATCH", "/api/v1/webhooks/" + newWebhookId(),
                    "{\"description\":\"changed\"}");
            case "DELETE /api/v1/webhooks/{id}" -> adminCall("DELETE", "/api/v1/webhooks/" + newWebhookId(), null);
            case "POST /api/v1/webhooks/{id}/rotate-secret" -> adminCall("POST", "/api/v1/webhooks/" + newWebhookId()
                    + "/rotate-secret", "");
            case "GET /api/v1/webhooks/{id}/deliveries" -> adminCall("GET", "/api/v1/webhooks/" + newWebhookId()
                    + "/deliveries", null);
            case "GET /api/v1/webhooks/deliveries/{id}" -> adminCall("GET", "/api/v1/webhooks/deliveries/"
                    + newWebhookDeliveryId(), null);
            case "POST /api/v1/webhooks/deliveries/{id}/replay" -> adminCall("POST", "/api/v1/webhooks/deliveries/"
                    + newWebhookDeliveryId() + "/replay", "");
            case "POST /api/v1/workspaces" -> adminCall("POST", "/api/v1/workspaces",
                    "{\"name\":\"" + unique("matrix-ws") + "\",\"members\":[{\"member\":\"someone@example.com\"}]}");
            case "GET /api/v1/workspaces/{name}" -> adminCall("GET", "/api/v1/workspaces/" + newWorkspace(null), null);
            case "PATCH /api/v1/workspaces/{name}" -> adminCall("PATCH", "/api/v1/workspaces/" + newWorkspace(null),
                    "{\"description\":\"changed\"}");
            case "POST /api/v1/workspaces/{name}/archive" -> adminCall("POST", "/api/v1/workspaces/" + newWorkspace(null)
                    + "/archive", "");
            case "PUT /api/v1/workspaces/{name}/members/{member}" -> adminCall("PUT", "/api/v1/workspaces/"
                    + newWorkspace(null) + "/members/" + unique("matrix-member") + "@example.com", "{\"role\":\"viewer\"}");
            case "DELETE /api/v1/workspaces/{name}/members/{member}" -> adminCall("DELETE", "/api/v1/workspaces/"
                    + newWorkspace("leaving@example.com") + "/members/leaving@example.com", null);
            case "GET /api/v1/workspaces/{name}/context", "POST /api/v1/workspaces/{name}/context",
                    "GET /api/v1/workspaces/{name}/context/{kind}/versions" -> workspaceContextCall(operation, null);
            case "GET /api/v1/workspaces/{name}/sessions", "POST /api/v1/workspaces/{name}/sessions",
                    "GET /api/v1/workspaces/{name}/sessions/{id}", "POST /api/v1/workspaces/{name}/sessions/{id}/join",
                    "POST /api/v1/workspaces/{name}/sessions/{id}/leave",
                    "POST /api/v1/workspaces/{name}/sessions/{id}/end",
                    "GET /api/v1/workspaces/{name}/sessions/{id}/presence",
                    "POST /api/v1/workspaces/{name}/sessions/{id}/changes",
                    "POST /api/v1/workspaces/{name}/sessions/{id}/assistant",
                    "GET /api/v1/workspaces/{name}/sessions/{id}/files",
                    "GET /api/v1/workspaces/{name}/sessions/{id}/events",
                    "GET /api/v1/workspaces/{name}/sessions/{id}/socket" -> sessionCall(operation, null, null);
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
            case "POST /api/v1/models/organization" -> adminCall("POST", "/api/v1/models/organization",
                    organizationModel(unique("matrix-model")));
            case "GET /api/v1/models/organization/{name}" -> adminCall("GET", "/api/v1/models/organization/"
                    + newOrganizationModel(), null);
            case "PUT /api/v1/models/organization/{name}" -> adminCall("PUT", "/api/v1/models/organization/"
                    + newOrganizationModel(), "{\"output_price\":2.5}");
            case "DELETE /api/v1/models/organization/{name}" -> adminCall("DELETE", "/api/v1/models/organization/"
                    + newOrganizationModel(), null);
            case "POST /api/v1/models/variants" -> adminCall("POST", "/api/v1/models/variants",
                    variant(unique("matrix-variant")));
            case "GET /api/v1/models/variants/{name}" -> adminCall("GET", "/api/v1/models/variants/" + newVariant(), null);
            case "PUT /api/v1/models/variants/{name}" -> adminCall("PUT", "/api/v1/models/variants/" + newVariant(),
                    "{\"temperature\":0.5}");
            case "DELETE /api/v1/models/variants/{name}" -> adminCall("DELETE", "/api/v1/models/variants/" + newVariant(),
                    null);
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

    /** Feedback is given on one's own request: an allowed role first makes one (a code review, which all of them may). */
    private Call feedbackCall(String key, boolean allowed) {
        String requestId = "req-none";
        if (allowed) {
            HttpResponse<String> made = openAi("/v1/chat/completions", key, CHAT, "x-aurelis-task", "code_review");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
            requestId = made.headers().firstValue("x-aurelis-request-id").orElseThrow();
        }
        return adminCall("POST", "/api/v1/feedback", "{\"request_id\":\"" + requestId + "\",\"rating\":4}");
    }

    /** A call on the context of a new workspace whose one member (read and write everywhere) is {@code member}. */
    private Call workspaceContextCall(AuthorizationMatrix.Operation operation, String member) {
        String workspace = newWorkspace(member);
        return switch (operation.method() + " " + operation.path()) {
            case "POST /api/v1/workspaces/{name}/context" -> adminCall("POST", "/api/v1/workspaces/" + workspace
                    + "/context", "{\"notes\":\"matrix notes\"}");
            case "GET /api/v1/workspaces/{name}/context/{kind}/versions" -> adminCall("GET", "/api/v1/workspaces/"
                    + workspace + "/context/notes/versions", null);
            default -> adminCall("GET", "/api/v1/workspaces/" + workspace + "/context", null);
        };
    }

    /**
     * A call on a session of a new workspace, started by {@code member} (who holds {@code key}) when given; else on a
     * session id that names none, for roles the permission check refuses first.
     */
    private Call sessionCall(AuthorizationMatrix.Operation operation, String member, String key) {
        String workspace = newWorkspace(member);
        String base = "/api/v1/workspaces/" + workspace + "/sessions";
        String session = java.util.UUID.randomUUID().toString();
        if (member != null) {
            HttpResponse<String> started = call(key, "POST", base, "{\"title\":\"matrix\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            session = json(started.body()).path("id").asString();
        }
        String path = operation.path().replace("/api/v1/workspaces/{name}/sessions", base).replace("{id}", session);
        return switch (operation.method() + " " + operation.path()) {
            case "POST /api/v1/workspaces/{name}/sessions" -> adminCall("POST", path, "{\"title\":\"matrix\"}");
            case "POST /api/v1/workspaces/{name}/sessions/{id}/changes" -> adminCall("POST", path,
                    "{\"file_path\":\"src/matrix.txt\",\"content\":\"matrix\",\"base_version\":0}");
            case "POST /api/v1/workspaces/{name}/sessions/{id}/assistant" -> adminCall("POST", path,
                    "{\"prompt\":\"hi\",\"model\":\"gpt-4o-mini\",\"task\":\"code_review\"}");
            case "GET /api/v1/workspaces/{name}/sessions/{id}/socket" -> new Call("websocket", "GET", path, null, null);
            default -> adminCall(operation.method(), path, operation.method().equals("POST") ? "" : null);
        };
    }

    /** The status of a WebSocket handshake with the key: 101 when the server switched protocols. */
    private int handshake(String key, String path) {
        try {
            java.net.http.WebSocket socket = HTTP.newWebSocketBuilder().header("authorization", "Bearer " + key)
                    .buildAsync(URI.create(baseUrl().replace("http://", "ws://") + path),
                            new java.net.http.WebSocket.Listener() {
                            })
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError(e);
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** A new workspace, with {@code member} as its one member when given. */
    private String newWorkspace(String member) {
        String name = unique("matrix-ws");
        HttpResponse<String> created = admin("POST", "/api/v1/workspaces", "{\"name\":\"" + name + "\""
                + (member == null ? "" : ",\"members\":[{\"member\":\"" + member + "\"}]") + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static String organizationModel(String name) {
        return "{\"name\":\"" + name + "\",\"provider\":\"fake-openai\",\"upstream_id\":\"ft:gpt-4o-mini:matrix::"
                + name + "\",\"input_price\":0.3,\"output_price\":1.2}";
    }

    private static String variant(String name) {
        return "{\"name\":\"" + name + "\",\"base_model\":\"gpt-4o-mini\",\"system_prompt\":\"Be brief.\"}";
    }

    /** A new model of the organisation's own, registered by the bootstrap administrator. */
    private String newOrganizationModel() {
        String name = unique("matrix-model");
        HttpResponse<String> created = admin("POST", "/api/v1/models/organization", organizationModel(name));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private String newVariant() {
        String name = unique("matrix-variant");
        HttpResponse<String> created = admin("POST", "/api/v1/models/variants", variant(name));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static Call adminCall(String method, String path, String body) {
        return new Call("admin", method, path, body, null);
    }

    private static Call scimCall(String method, String path, String body) {
        return new Call("scim", method, path, body, null);
    }

    /**
     * A request to a sign-in endpoint and what the endpoint itself answers it in this server (local accounts only:
     * no OpenID, SAML or directory configured), so an answer of the security chain instead (401 for want of a
     * key, 403 for want of a permission or CSRF token) is told apart.
     */
    private record SignInCall(String method, String path, String contentType, String body, int status, String answer) {
    }

    private SignInCall signInCall(AuthorizationMatrix.Operation operation) {
        String form = "application/x-www-form-urlencoded";
        String json = "application/json";
        String notSignedIn = "Sign in with your password first";
        String noPendingFactor = "There is no sign-in waiting for a second factor";
        return switch (operation.method() + " " + operation.path()) {
            case "POST /api/v1/device/authorize" -> new SignInCall("POST", operation.path(), form, "client_id=matrix", 200,
                    "\"user_code\"");
            case "POST /api/v1/device/token" -> new SignInCall("POST", operation.path(), form,
                    "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=unknown", 400,
                    "invalid_grant");
            case "GET /login" -> new SignInCall("GET", "/login", null, null, 200, "Sign in to Aurelis");
            case "POST /auth/login" -> new SignInCall("POST", "/auth/login", form,
                    "username=" + unique("nobody") + "%40example.com&password=not-the-password", 401, "wrong");
            case "POST /auth/logout" -> new SignInCall("POST", "/auth/logout", form, "", 200, "\"signed_out\":false");
            case "GET /auth/session" -> new SignInCall("GET", "/auth/session", null, null, 401, "Not signed in.");
            case "GET /auth/home" -> new SignInCall("GET", "/auth/home", null, null, 303, "");
            case "GET /auth/mfa" -> new SignInCall("GET", "/auth/mfa", null, null, 303, "");
            case "POST /auth/mfa/totp" -> new SignInCall("POST", operation.path(), form, "", 403, notSignedIn);
            case "POST /auth/mfa/totp/confirm" -> new SignInCall("POST", operation.path(), form, "code=123456", 403,
                    notSignedIn);
            case "POST /auth/mfa/verify" -> new SignInCall("POST", operation.path(), form, "code=123456", 403,
                    noPendingFactor);
            case "POST /auth/mfa/webauthn/registration-options" -> new SignInCall("POST", operation.path(), form, "", 403,
                    notSignedIn);
            case "POST /auth/mfa/webauthn/register" -> new SignInCall("POST", operation.path(), json, "{}", 403, notSignedIn);
            case "POST /auth/mfa/webauthn/authentication-options" -> new SignInCall("POST", operation.path(), form, "", 403,
                    noPendingFactor);
            case "POST /auth/mfa/webauthn/authenticate" -> new SignInCall("POST", operation.path(), json, "{}", 403,
                    noPendingFactor);
            // without an OpenID provider, SAML IdP or directory configured, their endpoints are not found
            case "GET /auth/oidc/login" -> new SignInCall("GET", operation.path(), null, null, 404, "");
            case "GET /oauth2/authorization/{registrationId}" -> new SignInCall("GET", "/oauth2/authorization/oidc", null,
                    null, 404, "");
            // the callback's own answer to a request that is not an authorisation response: back to the sign-in page
            case "GET /login/oauth2/code/{registrationId}" -> new SignInCall("GET", "/login/oauth2/code/oidc", null,
                    null, 303, "");
            case "GET /auth/saml/metadata", "GET /auth/saml/login" -> new SignInCall("GET", operation.path(), null, null,
                    404, "");
            case "POST /auth/saml/acs" -> new SignInCall("POST", operation.path(), form, "SAMLResponse=x", 404, "");
            case "GET /device" -> new SignInCall("GET", "/device", null, null, 303, "");
            case "POST /device" -> new SignInCall("POST", "/device", form, "user_code=BCDF-GHJK&action=approve", 401,
                    "Sign in first.");
            default -> throw new AssertionError("No request is defined for the sign-in endpoint " + operation
                    + "; add one to AuthorizationMatrixTests");
        };
    }

    private HttpResponse<String> send(SignInCall call, String key, String csrf) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(baseUrl() + call.path()))
                .method(call.method(), call.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.contentType() != null) {
            request.header("content-type", call.contentType());
        }
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        if (csrf != null) {
            request.header("cookie", "XSRF-TOKEN=" + csrf).header("x-xsrf-token", csrf);
        }
        return send(request.build());
    }

    /** A CSRF token as a browser holds it after loading the sign-in page (cookie and header must match). */
    private String csrfToken() {
        HttpResponse<String> page = call(null, "GET", "/login", null);
        return page.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("The sign-in page set no XSRF-TOKEN cookie"));
    }

    private static void expectEndpointsOwnAnswer(String what, SignInCall call, HttpResponse<String> response) {
        String described = what + " -> " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(described).isEqualTo(call.status());
        assertThat(response.body()).as(described).contains(call.answer())
                .doesNotContain("requires the permission").doesNotContain("Your roles do not grant")
                .doesNotContain("XSRF-TOKEN");
        assertThat(response.headers().firstValue("www-authenticate")).as(described).isEmpty();
        if (call.status() == 303) {
            assertThat(response.headers().firstValue("location").orElse("")).as(described).startsWith("/login");
        }
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

    /** An identity at an OpenID provider no other call uses. */
    private static String identity() {
        return "{\"method\":\"oidc\",\"issuer\":\"https://idp.matrix.example\",\"subject\":\"" + unique("subject") + "\"}";
    }

    private String newBinding() {
        HttpResponse<String> created = admin("POST", "/api/v1/role-bindings", "{\"role\":\"viewer\",\"user\":\"" + newUser() + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("id").asString();
    }

    /** A budget on a new user of team matrix (department engineering), large enough never to refuse. */
    private static String userBudget(String email) {
        return "{\"scope\":\"user\",\"subject\":\"" + email + "\",\"limit\":100000}";
    }

    /** A review from Jenkins of a one-line diff in the repository the test configuration reviews. */
    private static final String REVIEW = "{\"repository\":\"matrix/service\",\"base\":\"a1\",\"head\":\"b2\","
            + "\"ci\":\"jenkins\",\"diff\":\"diff --git a/x.txt b/x.txt\\n--- a/x.txt\\n+++ b/x.txt\\n@@ -1 +1 @@\\n-a\\n+b\\n\"}";

    private String newReviewRunId() {
        HttpResponse<String> reviewed = admin("POST", "/api/v1/workflows/reviews", REVIEW);
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
        return json(reviewed.body()).path("run_id").asString();
    }

    /** A review of the repository whose workflow waits for any built-in role that may review code to approve it. */
    private String newRunAwaitingApproval() {
        HttpResponse<String> reviewed = admin("POST", "/api/v1/workflows/reviews", REVIEW.replace("matrix/service",
                "matrix/approved"));
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(202);
        return json(reviewed.body()).path("run_id").asString();
    }

    /**
     * A workflow defined through the API that names no repository: every repository of the test configuration names
     * its own workflows, so it never runs.
     */
    private static String workflowDefinition(String name) {
        return "{\"name\":\"" + name + "\",\"steps\":[{\"name\":\"quality\",\"action\":\"analyze_quality\","
                + "\"model\":\"gpt-4o-mini\"}]}";
    }

    private String newWorkflowDefinition() {
        String name = unique("matrix-workflow");
        HttpResponse<String> created = admin("POST", "/api/v1/workflows/definitions", workflowDefinition(name));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private String backupId;

    /** One backup for every role's verify call: each backup is a copy of the whole database. */
    private String backupId() {
        if (backupId == null) {
            HttpResponse<String> created = admin("POST", "/api/v1/backups", null);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            backupId = json(created.body()).path("id").asString();
        }
        return backupId;
    }

    private String newBudgetId() {
        HttpResponse<String> created = admin("POST", "/api/v1/budgets", userBudget(newUser()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("id").asString();
    }

    /** The request id of an exchange once the audit trail has recorded it. */
    private String exchangedRequestId() {
        String key = keys.computeIfAbsent("developer", r -> keyWithRole(r, "matrix"));
        HttpResponse<String> exchange = openAi("/v1/chat/completions", key, CHAT);
        assertThat(exchange.statusCode()).as(exchange.body()).isEqualTo(200);
        String requestId = exchange.headers().firstValue("x-aurelis-request-id").orElseThrow();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> admin("GET", "/api/v1/lineage/" + requestId, null).statusCode() == 200);
        return requestId;
    }

    /** A fresh alert raised by hand about team {@code matrix} (where every role's key lives). */
    private String newMatrixAlertId() {
        for (JsonNode open : json(admin("GET", "/api/v1/alerts?state=firing&limit=1000", null).body()).path("alerts")) {
            if (open.path("rule").asString().equals("manual") && open.path("group").asString().equals("team=matrix")) {
                admin("POST", "/api/v1/alerts/" + open.path("id").asString() + "/resolve", "");
            }
        }
        return newAlertId("team=matrix");
    }

    private String newAlertId(String group) {
        HttpResponse<String> raised = admin("POST", "/api/v1/alerts", "{\"summary\":\"matrix\",\"group\":\"" + group + "\"}");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(201);
        return json(raised.body()).path("id").asString();
    }

    /** A paused subscription: it hears nothing, so the matrix's own calls send no webhooks. */
    private static final String WEBHOOK = "{\"url\":\"http://127.0.0.1:9/matrix\",\"event_types\":[\"alert.resolved\"],"
            + "\"enabled\":false}";

    private String newWebhookId() {
        HttpResponse<String> created = admin("POST", "/api/v1/webhooks", WEBHOOK);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("subscription").path("id").asString();
    }

    /** A delivery of a key issued to a subscription made for it, which is then paused. */
    private String newWebhookDeliveryId() {
        HttpResponse<String> created = admin("POST", "/api/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:9/matrix\",\"event_types\":[\"key.issued\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String subscription = json(created.body()).path("subscription").path("id").asString();
        newKeyId();
        String[] delivery = new String[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
            JsonNode deliveries = json(admin("GET", "/api/v1/webhooks/" + subscription + "/deliveries", null).body())
                    .path("deliveries");
            delivery[0] = deliveries.isEmpty() ? null : deliveries.get(0).path("id").asString();
            return delivery[0] != null;
        });
        admin("PATCH", "/api/v1/webhooks/" + subscription, "{\"enabled\":false}");
        return delivery[0];
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
