package dev.aurelis.client;

import java.net.http.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/workspaces/{name}/sessions}: collaborative sessions of a workspace. Members start, join and leave
 * sessions, push file changes on the version they edited, ask the assistant in front of everyone, and follow the
 * session's ordered events live ({@link #connect}) or by polling ({@link #events}).
 */
public final class Collaboration {

    private final Transport transport;

    Collaboration(Transport transport) {
        this.transport = transport;
    }

    public record Participant(String email, Instant joinedAt, Instant leftAt) {
    }

    /**
     * @param lastSequence the sequence of the session's last event
     * @param connected    who has the session's socket open now
     * @param socket       the path of the session's socket
     */
    public record Session(String id, String workspace, String title, String createdBy, Instant createdAt,
            String endedBy, Instant endedAt, long lastSequence, List<Participant> participants, Set<String> connected,
            String socket) {
    }

    /** A pushed change: its place in the session's log and the file version it made. */
    public record Change(long sequence, String filePath, int version, String actor, Instant at) {
    }

    public record File(String filePath, int version, String content, String author, Instant at) {
    }

    /**
     * One event of a session, or a presence notice on the socket.
     *
     * @param type        {@code joined}, {@code left}, {@code change}, {@code assistant}, {@code ended}; on the socket
     *                    also {@code presence} (which has no sequence)
     * @param sequence    the event's place in the session (1, 2, 3…); 0 for a presence notice
     * @param filePath    the changed file and {@code version} the version it made, for a change
     * @param content     the file's new content (change) or the assistant's answer (assistant)
     * @param event       {@code connected} or {@code disconnected}, for a presence notice, with the {@code
     *                    participant} it is about and everyone {@code connected}
     */
    public record Event(String type, long sequence, String actor, String filePath, Integer version, String prompt,
            String content, Instant at, String event, String participant, List<String> connected) {

        public boolean isPresence() {
            return "presence".equals(type);
        }
    }

    public record Events(String session, long lastSequence, List<Event> events) {
    }

    public record Presence(String session, Set<String> connected) {
    }

    public record AssistantAnswer(long sequence, String model, String content, String requestId) {
    }

    /** Receives a session's events from {@link #connect}, one at a time and in order. */
    public interface Listener {

        void onEvent(Event event);

        /** The socket closed, e.g. because the session ended (after its {@code ended} event). */
        default void onClosed(int statusCode, String reason) {
        }

        default void onError(Throwable error) {
        }
    }

    private record SessionRequest(String title, List<String> participants) {
    }

    private record ChangeRequest(String filePath, String content, Integer baseVersion) {
    }

    private record AssistantRequest(String prompt, String model, String task) {
    }

    private record SessionList(String workspace, List<Session> sessions) {
    }

    private record FileList(String session, List<File> files) {
    }

    /** Starts a session in {@code workspace}; {@code participants} (members) are invited besides the caller. */
    public Session createSession(String workspace, String title, List<String> participants) {
        return transport.json("POST", sessions(workspace), Query.of(), new SessionRequest(title, participants),
                Session.class);
    }

    /** The workspace's sessions the caller may see; ended ones instead when {@code ended}. */
    public List<Session> list(String workspace, boolean ended) {
        return transport.get(sessions(workspace), Query.of().with("ended", ended), SessionList.class).sessions();
    }

    public Session get(String workspace, String sessionId) {
        return transport.get(session(workspace, sessionId), Query.of(), Session.class);
    }

    public Session join(String workspace, String sessionId) {
        return transport.json("POST", session(workspace, sessionId) + "/join", Query.of(), null, Session.class);
    }

    public Session leave(String workspace, String sessionId) {
        return transport.json("POST", session(workspace, sessionId) + "/leave", Query.of(), null, Session.class);
    }

    public Session end(String workspace, String sessionId) {
        return transport.json("POST", session(workspace, sessionId) + "/end", Query.of(), null, Session.class);
    }

    /** Who has the session's socket open now. */
    public Presence presence(String workspace, String sessionId) {
        return transport.get(session(workspace, sessionId) + "/presence", Query.of(), Presence.class);
    }

    /**
     * Pushes a file's new content, made on {@code baseVersion}; null for the file's version current now (read just
     * before, 0 for a new file).
     *
     * @throws VersionConflictException when {@code baseVersion} is no longer the file's current version (with null,
     *                                  when someone pushed between the read and this push)
     */
    public Change pushChanges(String workspace, String sessionId, String filePath, String content,
            Integer baseVersion) {
        int base = baseVersion != null ? baseVersion : files(workspace, sessionId).stream()
                .filter(f -> f.filePath().equals(filePath)).mapToInt(File::version).findFirst().orElse(0);
        try {
            return transport.json("POST", session(workspace, sessionId) + "/changes", Query.of(),
                    new ChangeRequest(filePath, content, base), Change.class);
        } catch (AurelisApiException e) {
            throw e.status() == 409 ? conflict(e) : e;
        }
    }

    /** The files' current versions. */
    public List<File> files(String workspace, String sessionId) {
        return transport.get(session(workspace, sessionId) + "/files", Query.of(), FileList.class).files();
    }

    /** The session's events after sequence {@code after} (0 for all), oldest first: polling instead of the socket. */
    public Events events(String workspace, String sessionId, long after) {
        return transport.get(session(workspace, sessionId) + "/events", Query.of().with("after", after), Events.class);
    }

    /**
     * Asks the assistant in front of the session: a governed gateway call with this client's key (budgets and
     * access apply as to any call); the answer becomes a session event. {@code model} null for the workspace's.
     */
    public AssistantAnswer ask(String workspace, String sessionId, String prompt, String model) {
        return transport.json("POST", session(workspace, sessionId) + "/assistant", Query.of(),
                new AssistantRequest(prompt, model, null), AssistantAnswer.class);
    }

    /**
     * Opens the session's socket and hands {@code listener} its events after sequence {@code after} (0 for all; the
     * last one seen, to catch up after a reconnect), then the new ones as they happen, in order.
     *
     * @throws AurelisApiException when the server refuses the handshake (e.g. 403 for a non-member)
     */
    public LiveSession connect(String workspace, String sessionId, long after, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        WebSocket socket = transport.webSocket(session(workspace, sessionId) + "/socket",
                Query.of().with("after", after), new Frames(listener));
        return new LiveSession(socket);
    }

    /** An open session socket; close it when done. */
    public static final class LiveSession implements AutoCloseable {

        private final WebSocket socket;

        private LiveSession(WebSocket socket) {
            this.socket = socket;
        }

        public boolean isOpen() {
            return !socket.isInputClosed();
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            }
        }
    }

    /** Joins a frame's parts, reads it and asks for the next only after the listener had it, which keeps the order. */
    private static final class Frames implements WebSocket.Listener {

        private final Listener listener;
        private final StringBuilder partial = new StringBuilder();

        private Frames(Listener listener) {
            this.listener = listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                try {
                    listener.onEvent(Transport.JSON.readValue(frame, Event.class));
                } catch (JacksonException e) {
                    listener.onError(new AurelisException("A session frame is not the expected JSON: "
                            + e.getOriginalMessage(), e));
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            listener.onClosed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            listener.onError(error);
        }
    }

    private static VersionConflictException conflict(AurelisApiException e) {
        JsonNode current = readTree(e.body()).path("current");
        return new VersionConflictException(e, current.path("version").asInt(0),
                current.path("content").isString() ? current.path("content").asString() : null,
                current.path("author").isString() ? current.path("author").asString() : null);
    }

    private static JsonNode readTree(String body) {
        try {
            return Transport.JSON.readTree(body == null ? "{}" : body);
        } catch (JacksonException e) {
            return Transport.JSON.createObjectNode();
        }
    }

    private static String sessions(String workspace) {
        return "/api/v1/workspaces/" + Query.segment(workspace) + "/sessions";
    }

    private static String session(String workspace, String sessionId) {
        return sessions(workspace) + "/" + Query.segment(sessionId);
    }
}
