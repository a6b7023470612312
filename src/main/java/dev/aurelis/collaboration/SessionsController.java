package dev.aurelis.collaboration;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/workspaces/{name}/sessions}: a workspace's collaborative sessions, for its members ({@code
 * models:use}, then the workspace role in {@code chat} decides). The live events come over the session's socket
 * ({@code .../sessions/{id}/socket}, {@code live.SessionSocket}); {@code GET .../events} reads the same log.
 */
@RestController
class SessionsController {

    record SessionRequest(String title, List<String> participants) {
    }

    record ChangeRequest(String filePath, String content, Integer baseVersion) {
    }

    record ParticipantView(String email, Instant joinedAt, Instant leftAt) {
    }

    record SessionView(String id, String workspace, String title, String createdBy, Instant createdAt, String endedBy,
            Instant endedAt, long lastSequence, List<ParticipantView> participants, Set<String> connected,
            String socket) {
    }

    record SessionList(String workspace, List<SessionView> sessions) {
    }

    record ChangeAnswer(long sequence, String filePath, int version, String actor, Instant at) {
    }

    record FileView(String filePath, int version, String content, String author, Instant at) {
    }

    record FileList(String session, List<FileView> files) {
    }

    record EventList(String session, long lastSequence, List<Map<String, Object>> events) {
    }

    record PresenceView(String session, Set<String> connected) {
    }

    record AssistantRequest(String prompt, String model, String task) {
    }

    record AssistantAnswer(long sequence, String model, String content, String requestId) {
    }

    private final Sessions sessions;
    private final AssistantTurns assistant;

    SessionsController(Sessions sessions, AssistantTurns assistant) {
        this.sessions = sessions;
        this.assistant = assistant;
    }

    @GetMapping("/api/v1/workspaces/{name}/sessions")
    SessionList list(@PathVariable String name, @RequestParam(defaultValue = "false") boolean ended) {
        Caller caller = AdminCallers.current();
        return new SessionList(name, sessions.list(caller.tenantId(), name, ended, caller.email()).stream()
                .map(this::view).toList());
    }

    @PostMapping("/api/v1/workspaces/{name}/sessions")
    ResponseEntity<SessionView> create(@PathVariable String name, @RequestBody(required = false) SessionRequest request) {
        Caller caller = AdminCallers.current();
        SessionRequest r = request == null ? new SessionRequest(null, null) : request;
        CollaborationSession made = sessions.create(caller.tenantId(), name, r.title(), r.participants(), caller.email());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(made));
    }

    @GetMapping("/api/v1/workspaces/{name}/sessions/{id}")
    SessionView get(@PathVariable String name, @PathVariable String id) {
        Caller caller = AdminCallers.current();
        return view(sessions.get(caller.tenantId(), name, id, caller.email()));
    }

    @PostMapping("/api/v1/workspaces/{name}/sessions/{id}/join")
    SessionView join(@PathVariable String name, @PathVariable String id) {
        Caller caller = AdminCallers.current();
        return view(sessions.join(caller.tenantId(), name, id, caller.email()));
    }

    @PostMapping("/api/v1/workspaces/{name}/sessions/{id}/leave")
    SessionView leave(@PathVariable String name, @PathVariable String id) {
        Caller caller = AdminCallers.current();
        return view(sessions.leave(caller.tenantId(), name, id, caller.email()));
    }

    @PostMapping("/api/v1/workspaces/{name}/sessions/{id}/end")
    SessionView end(@PathVariable String name, @PathVariable String id) {
        Caller caller = AdminCallers.current();
        return view(sessions.end(caller.tenantId(), name, id, caller.email()));
    }

    @GetMapping("/api/v1/workspaces/{name}/sessions/{id}/presence")
    PresenceView presence(@PathVariable String name, @PathVariable String id) {
        Caller caller = AdminCallers.current();
        CollaborationSession session = sessions.get(caller.tenantId(), name, id, caller.email());
        return new PresenceView(session.id().toString(), sessions.connected(session.id()));
    }

    /** The brief's {@code push_changes(session_id, file_path, content)}, with the version the change was made on. */
    @PostMapping("/api/v1/workspaces/{name}/sessions/{id}/changes")
    ResponseEntity<ChangeAnswer> push(@PathVariable String name, @PathVariable String id,
            @RequestBody ChangeRequest request) {
        Caller caller = AdminCallers.current();
        SessionEvent change = sessions.push(caller.tenantId(), name, id, caller.email(), request.filePath(),
                request.content(), request.baseVersion());
        return ResponseEntity.status(HttpStatus.CREATED).body(new ChangeAnswer(change.sequence(), change.filePath(),
                change.version(), change.actor(), change.at()));
    }

    /**
     * An assistant turn shared with the session: a governed gateway call with the caller's own key; a refusal of the
     * gateway (budget, access, privacy) is passed on with its status and error JSON.
     */
    @PostMapping("/api/v1/workspaces/{name}/sessions/{id}/assistant")
    ResponseEntity<?> ask(@PathVariable String name, @PathVariable String id, @RequestBody AssistantRequest request,
            @RequestHeader(name = "authorization", required = false) String authorization) {
        Caller caller = AdminCallers.current();
        String key = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        AssistantTurns.Turn turn = assistant.ask(caller, key, name, id, request.prompt(), request.model(),
                request.task());
        if (turn.event() == null) {
            return ResponseEntity.status(turn.status()).contentType(MediaType.APPLICATION_JSON).body(turn.error());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(new AssistantAnswer(turn.event().sequence(),
                turn.model(), turn.event().content(), turn.requestId()));
    }

    @GetMapping("/api/v1/workspaces/{name}/sessions/{id}/files")
    FileList files(@PathVariable String name, @PathVariable String id) {
        Caller caller = AdminCallers.current();
        return new FileList(id, sessions.files(caller.tenantId(), name, id, caller.email()).stream()
                .map(f -> new FileView(f.filePath(), f.version(), f.content(), f.author(), f.at())).toList());
    }

    /** The session's log after {@code after}, as the socket sends it. */
    @GetMapping("/api/v1/workspaces/{name}/sessions/{id}/events")
    EventList events(@PathVariable String name, @PathVariable String id,
            @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "200") int limit) {
        Caller caller = AdminCallers.current();
        List<SessionEvent> events = sessions.events(caller.tenantId(), name, id, caller.email(), after, limit);
        CollaborationSession session = sessions.get(caller.tenantId(), name, id, caller.email());
        return new EventList(id, session.lastSequence(), events.stream().map(SessionEvents::wire).toList());
    }

    /** A stale change: 409 with the file's current version and content, so the client can merge and push again. */
    @ExceptionHandler(StaleVersion.class)
    ResponseEntity<Map<String, Object>> stale(StaleVersion e) {
        Map<String, Object> current = new LinkedHashMap<>();
        FileVersion file = e.current();
        current.put("version", file == null ? 0 : file.version());
        current.put("content", file == null ? null : file.content());
        current.put("author", file == null ? null : file.author());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", Map.of("message", e.getMessage(), "type", "conflict_error"));
        body.put("current", current);
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
    }

    private SessionView view(CollaborationSession s) {
        return new SessionView(s.id().toString(), s.workspace(), s.title(), s.createdBy(), s.createdAt(), s.endedBy(),
                s.endedAt(), s.lastSequence(), s.participants().stream()
                        .map(p -> new ParticipantView(p.email(), p.joinedAt(), p.leftAt())).toList(),
                sessions.connected(s.id()),
                "/api/v1/workspaces/" + s.workspace() + "/sessions/" + s.id() + "/socket");
    }
}
