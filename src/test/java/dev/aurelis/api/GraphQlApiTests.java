package dev.aurelis.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The GraphQL API at {@code /graphql} against the running server: it answers what the REST operations answer (same
 * records, same names), acts through its mutations, refuses requests beyond the depth and complexity limits before
 * running anything, takes only authenticated callers, reports bad input as the REST API does, and publishes its
 * schema. (That every field is denied to exactly the roles REST denies is AuthorizationMatrixTests' job.)
 */
class GraphQlApiTests extends AccessTestBase {

    @Test
    void aQueryAnswersWhatTheRestOperationAnswers() {
        String user = unique("graph") + "@example.com";
        JsonNode issued = graphQl(ADMIN_KEY, """
                mutation { issue_key(input: {user: "%s", team: "matrix", name: "laptop"}) { id key prefix team name status } }
                """.formatted(user)).path("data").path("issue_key");
        assertThat(issued.path("key").asString()).startsWith("aur-");
        String id = issued.path("id").asString();

        JsonNode rest = json(admin("GET", "/api/v1/keys/" + id, null).body());
        JsonNode graph = graphQl(ADMIN_KEY, "{ key(id: \"" + id + "\") { id prefix user team name status created_at } }")
                .path("data").path("key");
        for (String name : new String[] {"id", "prefix", "user", "team", "name", "status", "created_at"}) {
            assertThat(graph.path(name).asString()).as(name).isEqualTo(rest.path(name).asString());
        }
        assertThat(graph.has("key")).isFalse();

        JsonNode listed = graphQl(ADMIN_KEY, "{ keys(user: \"" + user + "\") { id } users(email: \"" + user
                + "\") { email teams } teams { name department } }").path("data");
        assertThat(listed.path("keys")).extracting(k -> k.path("id").asString()).containsExactly(id);
        assertThat(listed.path("users").get(0).path("email").asString()).isEqualTo(user);
        assertThat(listed.path("teams")).extracting(t -> t.path("name").asString()).contains("matrix");

        assertThat(graphQl(ADMIN_KEY, "mutation { revoke_key(id: \"" + id + "\") }").path("data")
                .path("revoke_key").asBoolean()).isTrue();
        assertThat(json(admin("GET", "/api/v1/keys/" + id, null).body()).path("status").asString()).isEqualTo("revoked");
    }

    @Test
    void budgetsComeWithTheirStateAndExactAmounts() {
        String user = unique("graph-budget") + "@example.com";
        newKey("{\"user\":\"" + user + "\",\"team\":\"matrix\"}");
        JsonNode saved = graphQl(ADMIN_KEY, """
                mutation { save_budget(input: {scope: "user", subject: "%s", period: "monthly", limit: 12.345}) {
                  id limit period current { spent remaining } } }""".formatted(user));
        assertThat(saved.path("errors").isEmpty()).as(saved.toString()).isTrue();
        JsonNode budget = saved.path("data").path("save_budget");
        assertThat(budget.path("limit").decimalValue()).isEqualByComparingTo("12.345");
        JsonNode listed = graphQl(ADMIN_KEY, "{ budgets { id current { period } } }").path("data").path("budgets");
        assertThat(listed).extracting(b -> b.path("id").asString()).contains(budget.path("id").asString());
    }

    @Test
    void aQueryDeeperThanTheLimitIsRefusedBeforeAnythingRuns() {
        String deep = "{ __schema { types { fields { type { " + "ofType { ".repeat(14) + "name"
                + " }".repeat(14) + " } } } } }";
        JsonNode answer = graphQl(ADMIN_KEY, deep);
        assertThat(answer.path("errors").get(0).path("message").asString()).contains("depth");
        assertThat(answer.path("data").isMissingNode() || answer.path("data").isNull()).isTrue();

        StringBuilder wide = new StringBuilder("{ ");
        for (int i = 0; i < 120; i++) {
            wide.append("t").append(i).append(": teams { name department cost_center } ");
        }
        JsonNode complex = graphQl(ADMIN_KEY, wide.append('}').toString());
        assertThat(complex.path("errors").get(0).path("message").asString()).contains("complexity");
    }

    @Test
    void badInputIsReportedAsTheRestApiReportsIt() {
        JsonNode missing = graphQl(ADMIN_KEY, "{ key(id: \"00000000-0000-0000-0000-000000000000\") { id } }");
        assertThat(missing.path("errors").get(0).path("extensions").path("status").asInt()).isEqualTo(404);
        assertThat(missing.path("errors").get(0).path("message").asString()).contains("No key with id");

        JsonNode invalid = graphQl(ADMIN_KEY, "{ alerts(limit: 0) { id } }");
        assertThat(invalid.path("errors").get(0).path("extensions").path("status").asInt()).isEqualTo(400);
        assertThat(invalid.path("errors").get(0).path("message").asString()).contains("'limit' must be between");

        JsonNode unknown = graphQl(ADMIN_KEY, "{ nothing_here }");
        assertThat(unknown.path("errors").get(0).path("extensions").path("classification").asString())
                .isEqualTo("ValidationError");
    }

    @Test
    void onlyAuthenticatedCallersAreServedAndTheSchemaIsPublished() {
        HttpResponse<String> anonymous = call(null, "POST", "/graphql", "{\"query\":\"{ teams { name } }\"}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("authentication_error");
        HttpResponse<String> wrongKey = call("aur-not-a-key-0000000000000000000000", "POST", "/graphql",
                "{\"query\":\"{ teams { name } }\"}");
        assertThat(wrongKey.statusCode()).isEqualTo(401);

        HttpResponse<String> schema = call(ADMIN_KEY, "GET", "/graphql/schema", null);
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).contains("type Query").contains("issue_key(input: IssueKeyInput!): ApiKey!")
                .contains("GET /api/v1/keys");
    }

    /**
     * Workspaces and their sessions answer what REST answers, each part under its own REST operation's checks: a
     * developer member reads sessions but not the workspace (config:read), a viewer reads the workspace but not its
     * context or sessions (models:use), and someone outside the workspace reads none of its sessions.
     */
    @Test
    void workspacesAndSessionsAnswerAsRestAndAreDeniedAsRestDenies() {
        String ownerEmail = unique("graph-ws-owner") + "@example.com";
        String owner = newKey("{\"user\":\"" + ownerEmail + "\",\"team\":\"matrix\",\"roles\":[\"admin\"]}");
        String memberEmail = unique("graph-ws-member") + "@example.com";
        String member = newKey("{\"user\":\"" + memberEmail + "\",\"team\":\"platform\"}");
        String outsider = newKey("{\"user\":\"" + unique("graph-ws-out") + "@example.com\",\"team\":\"platform\"}");
        String viewerEmail = unique("graph-ws-viewer") + "@example.com";
        String viewer = newKey("{\"user\":\"" + viewerEmail + "\",\"team\":\"matrix\",\"roles\":[\"viewer\"]}");
        String ws = unique("graph-ws");
        HttpResponse<String> made = admin("POST", "/api/v1/workspaces", """
                {"name":"%s","permissions":{"chat":"read_write"},"members":[{"member":"%s","role":"owner"},{"member":"%s"},
                {"member":"%s","role":"viewer"}]}""".formatted(ws, ownerEmail, memberEmail, viewerEmail));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(call(owner, "POST", "/api/v1/workspaces/" + ws + "/context", "{\"notes\":\"Dashboard\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> started = call(member, "POST", "/api/v1/workspaces/" + ws + "/sessions",
                "{\"title\":\"Pairing\",\"participants\":[\"" + ownerEmail + "\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String session = json(started.body()).path("id").asString();

        JsonNode asOwner = graphQl(owner, """
                { workspaces { name } workspace(name: "%s") { name members { member role } context { role items { kind content } } } }
                """.formatted(ws));
        assertThat(asOwner.path("errors").isEmpty()).as(asOwner.toString()).isTrue();
        assertThat(asOwner.path("data").path("workspaces")).extracting(w -> w.path("name").asString()).contains(ws);
        JsonNode workspace = asOwner.path("data").path("workspace");
        JsonNode rest = json(call(owner, "GET", "/api/v1/workspaces/" + ws, null).body());
        assertThat(workspace.path("members")).extracting(m -> m.path("member").asString() + "/" + m.path("role").asString())
                .containsExactlyElementsOf(java.util.stream.StreamSupport.stream(rest.path("members").spliterator(), false)
                        .map(m -> m.path("member").asString() + "/" + m.path("role").asString()).toList());
        assertThat(workspace.path("context").path("role").asString()).isEqualTo("owner");
        assertThat(workspace.path("context").path("items")).extracting(i -> i.path("content").asString())
                .contains("Dashboard");

        JsonNode asMember = graphQl(member, """
                { sessions(name: "%s") { id title created_by participants { email } }
                  session(name: "%s", id: "%s") { id workspace created_by last_sequence socket } }""".formatted(ws, ws, session));
        assertThat(asMember.path("errors").isEmpty()).as(asMember.toString()).isTrue();
        assertThat(asMember.path("data").path("sessions")).extracting(x -> x.path("id").asString()).containsExactly(session);
        JsonNode restSession = json(call(member, "GET", "/api/v1/workspaces/" + ws + "/sessions/" + session, null).body());
        JsonNode graphSession = asMember.path("data").path("session");
        for (String name : new String[] {"id", "workspace", "created_by", "last_sequence", "socket"}) {
            assertThat(graphSession.path(name).asString()).as(name).isEqualTo(restSession.path(name).asString());
        }

        assertDenied(member, "{ workspace(name: \"" + ws + "\") { name } }", "GET", "/api/v1/workspaces/" + ws);
        assertDenied(viewer, "{ sessions(name: \"" + ws + "\") { id } }", "GET", "/api/v1/workspaces/" + ws + "/sessions");
        assertDenied(outsider, "{ session(name: \"" + ws + "\", id: \"" + session + "\") { id } }", "GET",
                "/api/v1/workspaces/" + ws + "/sessions/" + session);

        JsonNode asViewer = graphQl(viewer, "{ workspace(name: \"" + ws + "\") { name context { role } } }");
        assertThat(asViewer.path("data").path("workspace").path("name").asString()).isEqualTo(ws);
        JsonNode viewersContext = asViewer.path("data").path("workspace").path("context");
        assertThat(viewersContext.isNull() || viewersContext.isMissingNode()).as(asViewer.toString()).isTrue();
        assertThat(asViewer.path("errors").get(0).path("path").toString()).isEqualTo("[\"workspace\",\"context\"]");
        assertThat(asViewer.path("errors").get(0).path("extensions").path("status").asInt()).isEqualTo(
                call(viewer, "GET", "/api/v1/workspaces/" + ws + "/context", null).statusCode()).isEqualTo(403);
    }

    /** REST refuses the call with 403, and GraphQL refuses the field with the same status and error type. */
    private void assertDenied(String key, String document, String method, String path) {
        assertThat(call(key, method, path, null).statusCode()).as(method + " " + path).isEqualTo(403);
        JsonNode answer = graphQl(key, document);
        assertThat(answer.path("errors").isEmpty()).as(answer.toString()).isFalse();
        assertThat(answer.path("errors").get(0).path("extensions").path("status").asInt()).as(answer.toString())
                .isEqualTo(403);
        assertThat(answer.path("errors").get(0).path("extensions").path("type").asString()).isEqualTo("permission_error");
    }
}
