package dev.aurelis.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.testing.AccessTestBase;
import dev.aurelis.testing.RecordedRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Workspaces over real HTTP: what each workspace role may read and share, the shared context reaching a member's
 * gateway requests in both wire formats (checked at the fake provider) and never a non-member's, the settings acting
 * on a member's requests, and bad input refused with a 400 that says why.
 */
class WorkspacesTests extends AccessTestBase {

    @Autowired
    JdbcClient jdbc;

    private record Person(String email, String key) {
    }

    /** A developer of team platform with a key. */
    private Person person(String prefix) {
        String email = unique(prefix) + "@example.com";
        return new Person(email, newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}"));
    }

    /** A workspace (chat read_write, github read) with an owner, a member and a viewer. */
    private String workspace(Person owner, Person member, Person viewer, String extra) {
        String name = unique("ws");
        HttpResponse<String> made = admin("POST", "/api/v1/workspaces", """
                {"name":"%s","description":"Team space","permissions":{"chat":"read_write","github":"read"},
                 "members":[{"member":"%s","role":"owner"},{"member":"%s"},{"member":"%s","role":"viewer"}]%s}"""
                .formatted(name, owner.email(), member.email(), viewer.email(), extra));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return name;
    }

    private HttpResponse<String> share(Person who, String workspace, String body) {
        return call(who.key(), "POST", "/api/v1/workspaces/" + workspace + "/context", body);
    }

    @Test
    void eachWorkspaceRoleReadsAndSharesWhatItsPermissionsAllow() {
        Person owner = person("owner");
        Person member = person("member");
        Person viewer = person("viewer");
        Person outsider = person("outsider");
        String ws = workspace(owner, member, viewer, "");

        assertThat(share(owner, ws, "{\"instructions\":\"Use records.\",\"repository\":\"acme/app\"}").statusCode())
                .isEqualTo(201);
        assertThat(share(member, ws, "{\"notes\":\"Working on the dashboard\",\"snippets\":{\"util\":\"int x;\"}}")
                .statusCode()).isEqualTo(201);

        HttpResponse<String> memberInstructions = share(member, ws, "{\"instructions\":\"Use classes.\"}");
        assertThat(memberInstructions.statusCode()).isEqualTo(403);
        assertThat(json(memberInstructions.body()).at("/error/message").asString()).contains("Only the owners");
        HttpResponse<String> memberRepository = share(member, ws, "{\"branch\":\"main\"}");
        assertThat(memberRepository.statusCode()).isEqualTo(403);
        assertThat(json(memberRepository.body()).at("/error/message").asString()).contains("read access to github");
        assertThat(share(viewer, ws, "{\"notes\":\"mine\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> outsiderShare = share(outsider, ws, "{\"notes\":\"mine\"}");
        assertThat(outsiderShare.statusCode()).isEqualTo(403);
        assertThat(json(outsiderShare.body()).at("/error/message").asString()).contains("not a member of workspace");

        JsonNode seen = json(call(viewer.key(), "GET", "/api/v1/workspaces/" + ws + "/context", null).body());
        assertThat(seen.path("role").asString()).isEqualTo("viewer");
        assertThat(seen.path("access").path("chat").asString()).isEqualTo("read");
        assertThat(seen.path("items").valueStream().map(i -> i.path("kind").asString()).toList())
                .containsExactly("instructions", "repository", "notes", "snippets");
        assertThat(call(outsider.key(), "GET", "/api/v1/workspaces/" + ws + "/context", null).statusCode()).isEqualTo(403);
        JsonNode ownerView = json(call(owner.key(), "GET", "/api/v1/workspaces/" + ws + "/context", null).body());
        assertThat(ownerView.path("access").path("github").asString()).isEqualTo("read_write");

        // with github none, a member neither sees nor shares the repository context
        assertThat(admin("PATCH", "/api/v1/workspaces/" + ws, "{\"permissions\":{\"github\":\"none\"}}").statusCode())
                .isEqualTo(200);
        JsonNode memberView = json(call(member.key(), "GET", "/api/v1/workspaces/" + ws + "/context", null).body());
        assertThat(memberView.path("items").valueStream().map(i -> i.path("kind").asString()).toList())
                .doesNotContain("repository");
    }

    @Test
    void everyShareIsAVersionAndSharingTheSameTextAgainMakesNone() {
        Person owner = person("owner");
        String ws = workspace(owner, person("member"), person("viewer"), "");
        share(owner, ws, "{\"notes\":\"first\"}");
        share(owner, ws, "{\"notes\":\"second\"}");
        HttpResponse<String> again = share(owner, ws, "{\"notes\":\"second\"}");
        assertThat(json(again.body()).path("shared").isEmpty()).isTrue();
        share(owner, ws, "{\"notes\":null}");

        JsonNode history = json(call(owner.key(), "GET", "/api/v1/workspaces/" + ws + "/context/notes/versions", null).body());
        assertThat(history.path("versions").valueStream().map(v -> v.path("version").asInt()).toList())
                .containsExactly(3, 2, 1);
        assertThat(history.path("versions").get(0).path("removed").asBoolean()).isTrue();
        assertThat(history.path("versions").get(1).path("content").asString()).isEqualTo("second");
        assertThat(history.path("versions").get(1).path("shared_by").asString()).isEqualTo(owner.email());
        assertThat(published(ContextShared.class)).filteredOn(e -> e.workspace().equals(ws)).hasSize(3);
        assertThat(published(WorkspaceCreated.class)).filteredOn(e -> e.workspace().equals(ws)).hasSize(1);
        assertThat(published(MemberAdded.class)).filteredOn(e -> e.workspace().equals(ws)).hasSize(3);
    }

    @Test
    void aMembersOpenAiRequestGetsTheInstructionsAndContextAfterItsOwnSystemPrompt() {
        Person owner = person("owner");
        Person member = person("member");
        String ws = workspace(owner, member, person("viewer"), "");
        share(owner, ws, "{\"instructions\":\"Always answer in British English.\",\"repository\":\"acme/app\","
                + "\"recent_commits\":[\"abc123\",\"def456\"],\"open_prs\":[123,124]}");
        share(member, ws, "{\"notes\":\"Working on the new dashboard component\"}");

        HttpResponse<String> response = openAi("/v1/chat/completions", member.key(), """
                {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Own prompt"},{"role":"user","content":"hi"}]}""",
                "x-aurelis-workspace", ws);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode messages = FAKE.lastRequest().body().path("messages");
        assertThat(messages.get(0).path("content").asString()).isEqualTo("Own prompt");
        assertThat(messages.get(1).path("role").asString()).isEqualTo("system");
        String added = messages.get(1).path("content").asString();
        assertThat(added).contains("team workspace '" + ws + "'").contains("Always answer in British English.")
                .contains("acme/app").contains("abc123\ndef456").contains("123\n124")
                .contains("Working on the new dashboard component");
        assertThat(added.indexOf("British English")).isLessThan(added.indexOf("acme/app"));
        assertThat(messages.get(2).path("content").asString()).isEqualTo("hi");
        String note = response.headers().firstValue("x-aurelis-workspace-context").orElseThrow();
        assertThat(note).startsWith("workspace=" + ws + "; context=instructions@1,repository@1,open_prs@1,"
                + "recent_commits@1,notes@1 (");
        assertThat(ledgerRoute(response)).contains("workspace=" + ws + "; context=instructions@1");
    }

    @Test
    void anAnthropicRequestAndAResponsesRequestGetItInTheirOwnSystemPlace() {
        Person owner = person("owner");
        String ws = workspace(owner, person("member"), person("viewer"), "");
        share(owner, ws, "{\"instructions\":\"Prefer small classes.\"}");

        HttpResponse<String> messages = anthropic("/v1/messages", owner.key(), """
                {"model":"claude-sonnet-4-5","max_tokens":16,"system":"Own system",
                 "messages":[{"role":"user","content":"hi"}]}""", "x-aurelis-workspace", ws);
        assertThat(messages.statusCode()).as(messages.body()).isEqualTo(200);
        String system = FAKE.lastRequest().body().path("system").asString();
        assertThat(system).startsWith("Own system\n\n").contains("Prefer small classes.");

        HttpResponse<String> blocks = anthropic("/v1/messages", owner.key(), """
                {"model":"claude-sonnet-4-5","max_tokens":16,
                 "system":[{"type":"text","text":"Cached part","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"hi"}]}""", "x-aurelis-workspace", ws);
        assertThat(blocks.statusCode()).as(blocks.body()).isEqualTo(200);
        JsonNode sentBlocks = FAKE.lastRequest().body().path("system");
        assertThat(sentBlocks.get(0).path("text").asString()).isEqualTo("Cached part");
        assertThat(sentBlocks.get(1).path("text").asString()).contains("Prefer small classes.");

        HttpResponse<String> responses = openAi("/v1/responses", owner.key(), """
                {"model":"gpt-4o-mini","input":"hi"}""", "x-aurelis-workspace", ws);
        assertThat(responses.statusCode()).as(responses.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("instructions").asString()).contains("Prefer small classes.");
    }

    @Test
    void theContextHeaderSwitchesTheAdditionOffOrPicksKinds() {
        Person owner = person("owner");
        String ws = workspace(owner, person("member"), person("viewer"), "");
        share(owner, ws, "{\"instructions\":\"Prefer small classes.\",\"notes\":\"Sprint 12\"}");

        HttpResponse<String> off = openAi("/v1/chat/completions", owner.key(), CHAT, "x-aurelis-workspace", ws,
                "x-aurelis-workspace-context", "off");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).doesNotContain("Prefer small classes").doesNotContain("Sprint 12");
        assertThat(off.headers().firstValue("x-aurelis-workspace-context")).hasValue("workspace=" + ws + "; context=off");

        HttpResponse<String> notes = openAi("/v1/chat/completions", owner.key(), CHAT, "x-aurelis-workspace", ws,
                "x-aurelis-workspace-context", "notes");
        assertThat(notes.statusCode()).as(notes.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).contains("Sprint 12").doesNotContain("Prefer small classes");

        HttpResponse<String> bad = openAi("/v1/chat/completions", owner.key(), CHAT, "x-aurelis-workspace", ws,
                "x-aurelis-workspace-context", "everything");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).at("/error/message").asString()).contains("'everything' is not a kind of context");
    }

    @Test
    void theTokenBudgetKeepsTheItemsThatFitInOrder() {
        Person owner = person("owner");
        String ws = workspace(owner, person("member"), person("viewer"), ",\"settings\":{\"context_tokens\":120}");
        share(owner, ws, "{\"instructions\":\"Prefer small classes.\",\"notes\":\"" + "long notes ".repeat(200)
                + "\",\"branch\":\"feature/ui\"}");

        HttpResponse<String> response = openAi("/v1/chat/completions", owner.key(), CHAT, "x-aurelis-workspace", ws);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).contains("Prefer small classes").contains("feature/ui")
                .doesNotContain("long notes");
        assertThat(response.headers().firstValue("x-aurelis-workspace-context").orElseThrow())
                .contains("context=instructions@1,branch@1 (");
    }

    @Test
    void aNonMemberNamingTheWorkspaceIsRefusedIn403InItsWireFormatAndNothingReachesTheProvider() {
        Person owner = person("owner");
        Person outsider = person("outsider");
        String ws = workspace(owner, person("member"), person("viewer"), "");
        share(owner, ws, "{\"instructions\":\"Secret team conventions\"}");

        HttpResponse<String> openAi = openAi("/v1/chat/completions", outsider.key(), CHAT, "x-aurelis-workspace", ws);
        assertThat(openAi.statusCode()).isEqualTo(403);
        assertThat(json(openAi.body()).at("/error/type").asString()).isEqualTo("permission_error");
        assertThat(json(openAi.body()).at("/error/code").asString()).isEqualTo("workspace_not_allowed");
        assertThat(json(openAi.body()).at("/error/message").asString()).contains("not a member of workspace '" + ws + "'");

        HttpResponse<String> anthropic = anthropic("/v1/messages", outsider.key(), """
                {"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""",
                "x-aurelis-workspace", ws);
        assertThat(anthropic.statusCode()).isEqualTo(403);
        assertThat(json(anthropic.body()).path("type").asString()).isEqualTo("error");
        assertThat(json(anthropic.body()).at("/error/type").asString()).isEqualTo("permission_error");
        assertThat(FAKE.requestCount()).isZero();

        // without the header the same caller is served, and gets nothing of the workspace
        HttpResponse<String> plain = openAi("/v1/chat/completions", outsider.key(), CHAT);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).doesNotContain("Secret team conventions");

        HttpResponse<String> unknown = openAi("/v1/chat/completions", outsider.key(), CHAT, "x-aurelis-workspace",
                "no-such-workspace");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).at("/error/message").asString()).contains("There is no workspace 'no-such-workspace'");
    }

    @Test
    void aViewerWithoutChatAndAnArchivedWorkspaceAreRefused() {
        Person owner = person("owner");
        Person viewer = person("viewer");
        String ws = workspace(owner, person("member"), viewer, "");
        admin("PATCH", "/api/v1/workspaces/" + ws, "{\"permissions\":{\"chat\":\"none\"}}");
        HttpResponse<String> refused = openAi("/v1/chat/completions", viewer.key(), CHAT, "x-aurelis-workspace", ws);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).at("/error/message").asString()).contains("gives no access to chat");
        // an owner reads and writes every area whatever the workspace's permissions
        assertThat(openAi("/v1/chat/completions", owner.key(), CHAT, "x-aurelis-workspace", ws).statusCode())
                .isEqualTo(200);

        assertThat(admin("POST", "/api/v1/workspaces/" + ws + "/archive", "").statusCode()).isEqualTo(200);
        HttpResponse<String> archived = openAi("/v1/chat/completions", owner.key(), CHAT, "x-aurelis-workspace", ws);
        assertThat(archived.statusCode()).isEqualTo(400);
        assertThat(json(archived.body()).at("/error/message").asString()).contains("is archived");
        assertThat(share(owner, ws, "{\"notes\":\"late\"}").statusCode()).isEqualTo(400);
        assertThat(json(admin("GET", "/api/v1/workspaces", null).body()).path("workspaces").valueStream()
                .map(w -> w.path("name").asString())).doesNotContain(ws);
        assertThat(json(admin("GET", "/api/v1/workspaces?archived=true", null).body()).path("workspaces").valueStream()
                .map(w -> w.path("name").asString())).contains(ws);
    }

    @Test
    void theWorkspacesSettingsActOnAMembersRequests() {
        Person owner = person("owner");
        String ws = workspace(owner, person("member"), person("viewer"),
                ",\"settings\":{\"default_model\":\"gpt-4o\",\"project\":\"ws-dashboard\",\"code_review_required\":true}");

        HttpResponse<String> response = openAi("/v1/chat/completions", owner.key(), """
                {"model":"auto","messages":[{"role":"user","content":"hi"}]}""", "x-aurelis-workspace", ws);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RecordedRequest sent = FAKE.lastRequest();
        assertThat(sent.model()).isEqualTo("gpt-4o");
        assertThat(sent.bodyText()).contains("need a code review before they are merged");
        Map<String, Object> row = ledgerRow(response);
        assertThat(row.get("project")).isEqualTo("ws-dashboard");
        assertThat(row.get("cost_center")).isEqualTo("ENG-100");
    }

    @Test
    void badInputIsRefusedWithA400ThatSaysWhy() {
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"Bad Name\"}", "'name' must be 1 to 63 lower-case");
        expect400("POST", "/api/v1/workspaces", "{}", "it is missing");
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"" + unique("ws") + "\",\"permissions\":{\"chat\":\"write\"}}",
                "'chat' must be none, read or read_write, not 'write'");
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"" + unique("ws") + "\",\"permissions\":{\"mail\":\"read\"}}",
                "'mail' is not a permission area");
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"" + unique("ws") + "\",\"settings\":{\"project\":\"nope\"}}",
                "'project' names no project of the organisation: 'nope'");
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"" + unique("ws")
                + "\",\"settings\":{\"default_provider\":\"nope\"}}", "'default_provider' names no configured provider");
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"" + unique("ws")
                + "\",\"settings\":{\"context_tokens\":-1}}", "'context_tokens' must be between 0 and 100000");
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"" + unique("ws")
                + "\",\"members\":[{\"member\":\"a@example.com\",\"role\":\"boss\"}]}", "'boss' is not a workspace role");
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"" + unique("ws") + "\",\"members\":[{\"member\":\"a b\"}]}",
                "A member is an e-mail address or a user name");
        expect400("POST", "/api/v1/workspaces", "{\"name\":", "not valid JSON");
        expect400("POST", "/api/v1/workspaces", "{\"name\":\"declared-eng\"}", "There is already a workspace 'declared-eng'");

        Person owner = person("owner");
        String ws = workspace(owner, person("member"), person("viewer"), "");
        expect400("PATCH", "/api/v1/workspaces/" + ws, "{\"name\":\"other\"}", "A workspace keeps its name");
        expect400(owner, "/api/v1/workspaces/" + ws + "/context", "{\"diary\":\"x\"}", "'diary' is not a kind of context");
        expect400(owner, "/api/v1/workspaces/" + ws + "/context", "{\"notes\":{\"a\":1}}", "'notes' must be text");
        expect400(owner, "/api/v1/workspaces/" + ws + "/context", "[]", "The body must be a JSON object of context items");
        expect400(owner, "/api/v1/workspaces/" + ws + "/context", "{\"snippets\":{\"\":\"x\"}}", "A snippet's name");
        HttpResponse<String> history = call(owner.key(), "GET", "/api/v1/workspaces/" + ws + "/context/diary/versions", null);
        assertThat(history.statusCode()).isEqualTo(400);

        HttpResponse<String> missing = admin("GET", "/api/v1/workspaces/no-such-workspace", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing.body()).at("/error/message").asString()).isEqualTo("There is no workspace 'no-such-workspace'.");
    }

    @Test
    void membersAreManagedThroughTheApiAndAMemberNamedByNameMatchesTheirAddress() {
        Person owner = person("owner");
        String ws = workspace(owner, person("member"), person("viewer"), "");
        String localName = unique("bare");
        Person bare = new Person(localName + "@example.com",
                newKey("{\"user\":\"" + localName + "@example.com\",\"team\":\"platform\"}"));
        assertThat(call(bare.key(), "GET", "/api/v1/workspaces/" + ws + "/context", null).statusCode()).isEqualTo(403);

        HttpResponse<String> added = admin("PUT", "/api/v1/workspaces/" + ws + "/members/" + localName, "{\"role\":\"viewer\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(json(added.body()).path("members").valueStream().map(m -> m.path("member").asString()))
                .contains(localName);
        assertThat(call(bare.key(), "GET", "/api/v1/workspaces/" + ws + "/context", null).statusCode()).isEqualTo(200);
        assertThat(openAi("/v1/chat/completions", bare.key(), CHAT, "x-aurelis-workspace", ws).statusCode()).isEqualTo(200);

        assertThat(admin("DELETE", "/api/v1/workspaces/" + ws + "/members/" + localName, null).statusCode()).isEqualTo(204);
        assertThat(openAi("/v1/chat/completions", bare.key(), CHAT, "x-aurelis-workspace", ws).statusCode()).isEqualTo(403);
        assertThat(admin("DELETE", "/api/v1/workspaces/" + ws + "/members/" + localName, null).statusCode()).isEqualTo(404);
        assertThat(published(MemberRemoved.class)).filteredOn(e -> e.workspace().equals(ws)).hasSize(1);
    }

    @Test
    void theAuditTrailRecordsWorkspaceEvents() {
        Person owner = person("owner");
        String ws = workspace(owner, person("member"), person("viewer"), "");
        share(owner, ws, "{\"notes\":\"audited\"}");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode page = json(admin("GET", "/api/v1/audit?limit=50&target=workspace:" + ws, null).body());
            List<String> actions = page.path("entries").valueStream().map(e -> e.path("action").asString()).toList();
            return actions.containsAll(List.of("workspace.created", "workspace.member_added", "workspace.context_shared"));
        });
    }

    @Test
    void anErasedPersonLeavesTheirWorkspacesAndWhatTheySharedNamesTheirPseudonym() {
        Person owner = person("owner");
        Person member = person("member");
        String ws = workspace(owner, member, person("viewer"), "");
        share(member, ws, "{\"notes\":\"Ask " + member.email() + "\"}");

        HttpResponse<String> erased = admin("POST", "/api/v1/privacy/erasures", "{\"user\":\"" + member.email() + "\"}");

        assertThat(erased.statusCode()).as(erased.body()).isBetween(200, 201);
        assertThat(erased.body()).contains("workspaces_member").contains("workspaces_context_version");
        JsonNode workspace = json(admin("GET", "/api/v1/workspaces/" + ws, null).body());
        assertThat(workspace.path("members").valueStream().map(m -> m.path("member").asString()))
                .doesNotContain(member.email());
        JsonNode notes = json(call(owner.key(), "GET", "/api/v1/workspaces/" + ws + "/context", null).body())
                .path("items").get(0);
        assertThat(notes.path("content").asString()).doesNotContain(member.email());
        assertThat(notes.path("shared_by").asString()).isNotEqualTo(member.email());
        HttpResponse<String> response = openAi("/v1/chat/completions", owner.key(), CHAT, "x-aurelis-workspace", ws);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).doesNotContain(member.email());
    }

    private void expect400(String method, String path, String body, String message) {
        HttpResponse<String> response = admin(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response.body()).at("/error/message").asString()).contains(message);
    }

    private void expect400(Person who, String path, String body, String message) {
        HttpResponse<String> response = call(who.key(), "POST", path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response.body()).at("/error/message").asString()).contains(message);
    }

    private String ledgerRoute(HttpResponse<?> response) {
        return (String) ledgerRow(response).get("route");
    }

    private Map<String, Object> ledgerRow(HttpResponse<?> response) {
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        List<Map<String, Object>> rows = TenantContext.call(TENANT, () -> jdbc.sql(
                        "select route, project, cost_center from spend_usage where request_id = ?")
                .param(requestId).query().listOfRows());
        assertThat(rows).as("ledger rows of " + requestId).hasSize(1);
        return rows.getFirst();
    }
}
