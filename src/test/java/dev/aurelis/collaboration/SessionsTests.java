package dev.aurelis.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Collaborative sessions over real HTTP and real WebSocket clients: participants see each other's changes live and in
 * order, a change on a stale version is refused with the current one, a reconnecting client catches up from the log,
 * presence, and people outside the workspace are refused at the REST API and at the socket's handshake.
 */
class SessionsTests extends AccessTestBase {

    private record Person(String email, String key) {
    }

    private Person person(String prefix) {
        String email = unique(prefix) + "@example.com";
        return new Person(email, newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}"));
    }

    /** A workspace with an owner, a member and a viewer. */
    private String workspace(Person owner, Person member, Person viewer) {
        String name = unique("ws");
        HttpResponse<String> made = admin("POST", "/api/v1/workspaces", """
                {"name":"%s","members":[{"member":"%s","role":"owner"},{"member":"%s"},{"member":"%s","role":"viewer"}]}"""
                .formatted(name, owner.email(), member.email(), viewer.email()));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return name;
    }

    private String start(Person who, String workspace, String... participants) {
        String list = String.join("\",\"", participants);
        HttpResponse<String> started = call(who.key(), "POST", "/api/v1/workspaces/" + workspace + "/sessions",
                "{\"title\":\"Pairing\",\"participants\":[" + (participants.length == 0 ? "" : "\"" + list + "\"") + "]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return json(started.body()).path("id").asString();
    }

    private HttpResponse<String> push(Person who, String workspace, String session, String file, String content,
            int base) {
        return call(who.key(), "POST", "/api/v1/workspaces/" + workspace + "/sessions/" + session + "/changes",
                "{\"file_path\":\"" + file + "\",\"content\":\"" + content + "\",\"base_version\":" + base + "}");
    }

    private SessionSocketClient connect(Person who, String workspace, String session, String query) throws Exception {
        return SessionSocketClient.connect(HTTP, socketUrl(workspace, session, query), who.key());
    }

    private String socketUrl(String workspace, String session, String query) {
        return baseUrl().replace("http://", "ws://") + "/api/v1/workspaces/" + workspace + "/sessions/" + session
                + "/socket" + query;
    }

    /** The status with which the server refused a handshake. */
    private static int refusedHandshake(String key, String url) {
        try {
            SessionSocketClient.connect(HTTP, url, key).close();
            throw new AssertionError("The handshake to " + url + " was accepted");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(Runnable condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(condition::run);
    }

    private static List<String> changesOf(SessionSocketClient client) {
        return client.changes().stream().map(c -> c.path("sequence").asLong() + ":" + c.path("file_path").asString()
                + "@" + c.path("version").asInt() + "=" + c.path("content").asString()).toList();
    }

    @Test
    void twoParticipantsSeeEachOthersChangesLiveAndInOrder() throws Exception {
        Person owner = person("owner");
        Person member = person("member");
        String ws = workspace(owner, member, person("viewer"));
        String session = start(owner, ws, member.email());

        SessionSocketClient alice = connect(owner, ws, session, "");
        SessionSocketClient bob = connect(member, ws, session, "");
        await(() -> assertThat(alice.presence()).anyMatch(p -> p.path("participant").asString().equals(member.email())));
        JsonNode presence = json(call(owner.key(), "GET", "/api/v1/workspaces/" + ws + "/sessions/" + session
                + "/presence", null).body());
        assertThat(presence.path("connected").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder(owner.email(), member.email());

        assertThat(push(owner, ws, session, "src/app.ts", "one", 0).statusCode()).isEqualTo(201);
        assertThat(push(member, ws, session, "src/app.ts", "two", 1).statusCode()).isEqualTo(201);
        assertThat(push(member, ws, session, "README.md", "readme", 0).statusCode()).isEqualTo(201);
        HttpResponse<String> third = push(owner, ws, session, "src/app.ts", "three", 2);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
        assertThat(json(third.body()).path("version").asInt()).isEqualTo(3);

        await(() -> assertThat(alice.changes()).hasSize(4));
        await(() -> assertThat(bob.changes()).hasSize(4));
        List<String> seen = changesOf(alice);
        assertThat(changesOf(bob)).isEqualTo(seen);
        assertThat(seen.stream().map(s -> s.substring(s.indexOf(':') + 1)).toList()).containsExactly(
                "src/app.ts@1=one", "src/app.ts@2=two", "README.md@1=readme", "src/app.ts@3=three");
        List<Long> sequences = alice.events().stream().map(e -> e.path("sequence").asLong()).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        assertThat(alice.changes().get(1).path("actor").asString()).isEqualTo(member.email());

        JsonNode files = json(call(member.key(), "GET", "/api/v1/workspaces/" + ws + "/sessions/" + session + "/files",
                null).body());
        assertThat(files.path("files").valueStream().map(f -> f.path("file_path").asString() + "@"
                + f.path("version").asInt()).toList()).containsExactly("README.md@1", "src/app.ts@3");

        bob.close();
        await(() -> assertThat(alice.presence()).anyMatch(p -> p.path("event").asString().equals("disconnected")
                && p.path("participant").asString().equals(member.email())));
        alice.close();
    }

    @Test
    void aChangeOnAStaleVersionIsRefusedWithTheCurrentOne() {
        Person owner = person("owner");
        Person member = person("member");
        String ws = workspace(owner, member, person("viewer"));
        String session = start(owner, ws, member.email());
        assertThat(push(owner, ws, session, "src/app.ts", "mine", 0).statusCode()).isEqualTo(201);

        HttpResponse<String> stale = push(member, ws, session, "src/app.ts", "theirs", 0);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        JsonNode answer = json(stale.body());
        assertThat(answer.at("/error/type").asString()).isEqualTo("conflict_error");
        assertThat(answer.at("/current/version").asInt()).isEqualTo(1);
        assertThat(answer.at("/current/content").asString()).isEqualTo("mine");
        assertThat(answer.at("/current/author").asString()).isEqualTo(owner.email());

        // the refused change left no trace: the next change is version 2 right after the first
        HttpResponse<String> merged = push(member, ws, session, "src/app.ts", "merged", 1);
        assertThat(json(merged.body()).path("version").asInt()).isEqualTo(2);
        JsonNode events = json(call(owner.key(), "GET", "/api/v1/workspaces/" + ws + "/sessions/" + session
                + "/events", null).body());
        assertThat(events.path("events").valueStream().filter(e -> e.path("type").asString().equals("change"))
                .map(e -> e.path("content").asString()).toList()).containsExactly("mine", "merged");
        assertThat(push(member, ws, session, "../etc/passwd", "x", 0).statusCode()).isEqualTo(400);
        assertThat(call(member.key(), "POST", "/api/v1/workspaces/" + ws + "/sessions/" + session + "/changes",
                "{\"file_path\":\"a.txt\",\"content\":\"x\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void aReconnectingClientCatchesUpFromWhereItLeftThenFollowsLive() throws Exception {
        Person owner = person("owner");
        Person member = person("member");
        String ws = workspace(owner, member, person("viewer"));
        String session = start(owner, ws, member.email());

        SessionSocketClient first = connect(member, ws, session, "");
        push(owner, ws, session, "a.txt", "1", 0);
        await(() -> assertThat(first.changes()).hasSize(1));
        long last = first.events().getLast().path("sequence").asLong();
        first.close();
        first.closed.get();

        push(owner, ws, session, "a.txt", "2", 1);
        push(owner, ws, session, "b.txt", "b", 0);

        SessionSocketClient again = connect(member, ws, session, "?after=" + last);
        await(() -> assertThat(again.changes()).hasSize(2));
        assertThat(again.events().getFirst().path("sequence").asLong()).isEqualTo(last + 1);
        push(owner, ws, session, "a.txt", "3", 2);
        await(() -> assertThat(changesOf(again)).hasSize(3));
        assertThat(again.changes().stream().map(c -> c.path("content").asString()).toList())
                .containsExactly("2", "b", "3");
        assertThat(again.events().stream().map(e -> e.path("sequence").asLong()).toList()).isSorted()
                .doesNotHaveDuplicates().allMatch(s -> s > last);

        // ending the session tells everyone and closes their sockets
        assertThat(call(owner.key(), "POST", "/api/v1/workspaces/" + ws + "/sessions/" + session + "/end", "")
                .statusCode()).isEqualTo(200);
        await(() -> assertThat(again.events().getLast().path("type").asString()).isEqualTo("ended"));
        assertThat(again.closed.get()).isEqualTo(1000);
        assertThat(push(owner, ws, session, "a.txt", "4", 3).statusCode()).isEqualTo(400);
        assertThat(published(SessionStarted.class)).filteredOn(e -> e.sessionId().toString().equals(session)).hasSize(1);
        assertThat(published(SessionEnded.class)).filteredOn(e -> e.sessionId().toString().equals(session)).hasSize(1);
        String target = "workspace:" + ws + "/session:" + session;
        await(() -> assertThat(json(admin("GET", "/api/v1/audit?limit=50&target=" + target, null).body())
                .path("entries").valueStream().map(e -> e.path("action").asString() + " by " + e.path("actor").asString())
                .toList()).contains("workspace.session_started by " + owner.email(),
                        "workspace.session_ended by " + owner.email()));
    }

    @Test
    void peopleOutsideTheWorkspaceAreRefusedAtTheApiAndAtTheHandshake() throws Exception {
        Person owner = person("owner");
        Person member = person("member");
        Person viewer = person("viewer");
        Person outsider = person("outsider");
        String ws = workspace(owner, member, viewer);
        String session = start(owner, ws, member.email());
        String base = "/api/v1/workspaces/" + ws + "/sessions";

        HttpResponse<String> seen = call(outsider.key(), "GET", base + "/" + session, null);
        assertThat(seen.statusCode()).isEqualTo(403);
        assertThat(json(seen.body()).at("/error/message").asString()).contains("not a member of workspace");
        assertThat(call(outsider.key(), "GET", base, null).statusCode()).isEqualTo(403);
        assertThat(call(outsider.key(), "POST", base + "/" + session + "/join", "").statusCode()).isEqualTo(403);
        assertThat(push(outsider, ws, session, "a.txt", "x", 0).statusCode()).isEqualTo(403);
        HttpResponse<String> invite = call(owner.key(), "POST", base, "{\"participants\":[\"" + outsider.email() + "\"]}");
        assertThat(invite.statusCode()).isEqualTo(400);
        assertThat(json(invite.body()).at("/error/message").asString()).contains("is not a member of workspace");

        assertThat(refusedHandshake(outsider.key(), socketUrl(ws, session, ""))).isEqualTo(403);
        assertThat(refusedHandshake("aur-not-a-key", socketUrl(ws, session, ""))).isEqualTo(401);
        assertThat(refusedHandshake(member.key(), socketUrl(ws, session, "?after=-1"))).isEqualTo(400);

        // a viewer follows once joined, and cannot push
        assertThat(refusedHandshake(viewer.key(), socketUrl(ws, session, ""))).isEqualTo(403);
        assertThat(call(viewer.key(), "POST", base + "/" + session + "/join", "").statusCode()).isEqualTo(200);
        SessionSocketClient watching = connect(viewer, ws, session, "");
        HttpResponse<String> viewerPush = push(viewer, ws, session, "a.txt", "x", 0);
        assertThat(viewerPush.statusCode()).isEqualTo(403);
        assertThat(json(viewerPush.body()).at("/error/message").asString()).contains("read access to chat");
        push(member, ws, session, "a.txt", "from member", 0);
        await(() -> assertThat(watching.changes()).hasSize(1));
        watching.close();
    }

    @Test
    void anAssistantTurnIsAGatewayCallOfTheAskerThatEveryParticipantReceives() throws Exception {
        Person owner = person("owner");
        Person member = person("member");
        Person viewer = person("viewer");
        String ws = workspace(owner, member, viewer);
        String session = start(owner, ws, member.email(), viewer.email());
        SessionSocketClient bob = connect(member, ws, session, "");
        assertThat(call(owner.key(), "POST", "/api/v1/workspaces/" + ws + "/context",
                "{\"notes\":\"The order service is Java 25.\"}").statusCode()).isEqualTo(201);
        FAKE.reply("Use a sealed interface.");

        HttpResponse<String> asked = call(owner.key(), "POST", "/api/v1/workspaces/" + ws + "/sessions/" + session
                + "/assistant", "{\"prompt\":\"How do we model the states?\",\"model\":\"gpt-4o-mini\"}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        JsonNode answer = json(asked.body());
        assertThat(answer.path("content").asString()).isEqualTo("Use a sealed interface.");
        assertThat(answer.path("request_id").asString()).isNotBlank();
        // the call went through the gateway as the asker's request naming the workspace: its context was added
        assertThat(FAKE.lastRequest().bodyText()).contains("How do we model the states?")
                .contains("The order service is Java 25.");

        await(() -> assertThat(bob.events()).anyMatch(e -> e.path("type").asString().equals("assistant")
                && e.path("actor").asString().equals(owner.email())
                && e.path("prompt").asString().equals("How do we model the states?")
                && e.path("content").asString().equals("Use a sealed interface.")));
        JsonNode events = json(call(viewer.key(), "GET", "/api/v1/workspaces/" + ws + "/sessions/" + session
                + "/events", null).body());
        assertThat(events.path("events").valueStream().map(e -> e.path("type").asString()).toList())
                .containsExactly("joined", "joined", "joined", "assistant");

        // a viewer may read the turn but not ask; a refusal of the gateway is passed on in its own shape
        assertThat(call(viewer.key(), "POST", "/api/v1/workspaces/" + ws + "/sessions/" + session + "/assistant",
                "{\"prompt\":\"hi\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> unknownModel = call(member.key(), "POST", "/api/v1/workspaces/" + ws + "/sessions/"
                + session + "/assistant", "{\"prompt\":\"hi\",\"model\":\"no-such-model\"}");
        assertThat(unknownModel.statusCode()).as(unknownModel.body()).isBetween(400, 499);
        assertThat(json(unknownModel.body()).at("/error/message").asString()).isNotBlank();
        bob.close();
    }
}
