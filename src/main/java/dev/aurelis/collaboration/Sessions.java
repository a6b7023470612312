package dev.aurelis.collaboration;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.collaboration.live.SessionHub;
import dev.aurelis.collaboration.store.SessionStore;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workspaces.Access;
import dev.aurelis.workspaces.Area;
import dev.aurelis.workspaces.Member;
import dev.aurelis.workspaces.Workspace;
import dev.aurelis.workspaces.WorkspaceRole;
import dev.aurelis.workspaces.Workspaces;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The collaborative sessions of a tenant's workspaces. What a person may do follows their workspace role in the
 * {@code chat} area: {@code read} to see sessions and follow them, {@code read_write} to start one and to push
 * changes and assistant turns (as a current participant). Every session event is numbered under the session's row
 * lock and stored; connected participants get it once its transaction committed. Bad input is refused with
 * {@link IllegalArgumentException}, an unknown session or workspace with {@link NoSuchElementException}, a role
 * that does not allow the act with {@link AccessDenied}, a change on a stale version with {@link StaleVersion}.
 */
@Service("collaborationSessions")
public class Sessions {

    /** The sessions' socket, served by a WebSocket handler rather than a controller (authorization matrix row). */
    public static final Set<String> SOCKET_ENDPOINTS = Set.of("GET /api/v1/workspaces/{name}/sessions/{id}/socket");

    static final int MAX_CONTENT = 512 * 1024;
    static final int MAX_PATH = 1000;
    static final int MAX_TITLE = 200;
    static final int MAX_PARTICIPANTS = 100;

    private final SessionStore store;
    private final Workspaces workspaces;
    private final SessionHub hub;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Sessions(SessionStore store, Workspaces workspaces, SessionHub hub, ApplicationEventPublisher events,
            Optional<Clock> clock) {
        this.store = store;
        this.workspaces = workspaces;
        this.hub = hub;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Starts a session with the caller and {@code participants} (each a member of the workspace) taking part. */
    @Transactional
    public CollaborationSession create(TenantId tenant, String workspace, String title, List<String> participants,
            String email) {
        Workspace w = permitted(tenant, workspace, email, true);
        if (w.archived()) {
            throw new IllegalArgumentException("Workspace '" + workspace + "' is archived; it takes no new sessions.");
        }
        if (title != null && title.strip().length() > MAX_TITLE) {
            throw new IllegalArgumentException("'title' is longer than " + MAX_TITLE + " characters.");
        }
        Set<String> people = new LinkedHashSet<>();
        people.add(email.toLowerCase(Locale.ROOT));
        for (String p : participants == null ? List.<String>of() : participants) {
            String address = p == null ? "" : p.strip().toLowerCase(Locale.ROOT);
            if (!address.matches("[^@\\s]{1,64}@[^@\\s]{1,255}")) {
                throw new IllegalArgumentException("A participant is a person's e-mail address, not '" + p + "'.");
            }
            if (w.memberFor(address).isEmpty()) {
                throw new IllegalArgumentException("'" + address + "' is not a member of workspace '" + workspace
                        + "'; only its members take part in its sessions.");
            }
            people.add(address);
        }
        if (people.size() > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("A session has at most " + MAX_PARTICIPANTS + " participants.");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        store.insert(tenant, id, workspace, title == null || title.isBlank() ? null : title.strip(), email, now);
        for (String person : people) {
            store.join(tenant, id, person, now);
            append(tenant, id, new SessionEvent(0, SessionEvent.JOINED, person, null, null, null, null, now));
        }
        events.publishEvent(new SessionStarted(tenant.value(), workspace, id, List.copyOf(people), email));
        return find(tenant, workspace, id);
    }

    public List<CollaborationSession> list(TenantId tenant, String workspace, boolean withEnded, String email) {
        permitted(tenant, workspace, email, false);
        return store.list(tenant, workspace, withEnded, 200);
    }

    public CollaborationSession get(TenantId tenant, String workspace, String id, String email) {
        permitted(tenant, workspace, email, false);
        return find(tenant, workspace, sessionId(id));
    }

    /** A session the caller may follow live: a current participant with at least read access. */
    public CollaborationSession follow(TenantId tenant, String workspace, String id, String email) {
        CollaborationSession session = get(tenant, workspace, id, email);
        if (!session.hasParticipant(email)) {
            throw new AccessDenied("You do not take part in this session; join it first (POST .../join).");
        }
        return session;
    }

    @Transactional
    public CollaborationSession join(TenantId tenant, String workspace, String id, String email) {
        permitted(tenant, workspace, email, false);
        CollaborationSession session = open(tenant, workspace, sessionId(id));
        Instant now = clock.instant();
        if (store.join(tenant, session.id(), email.toLowerCase(Locale.ROOT), now)) {
            append(tenant, session.id(), new SessionEvent(0, SessionEvent.JOINED, email.toLowerCase(Locale.ROOT), null,
                    null, null, null, now));
        }
        return find(tenant, workspace, session.id());
    }

    @Transactional
    public CollaborationSession leave(TenantId tenant, String workspace, String id, String email) {
        permitted(tenant, workspace, email, false);
        CollaborationSession session = find(tenant, workspace, sessionId(id));
        Instant now = clock.instant();
        if (!store.leave(tenant, session.id(), email.toLowerCase(Locale.ROOT), now)) {
            throw new IllegalArgumentException("You do not take part in this session.");
        }
        append(tenant, session.id(), new SessionEvent(0, SessionEvent.LEFT, email.toLowerCase(Locale.ROOT), null, null,
                null, null, now));
        return find(tenant, workspace, session.id());
    }

    /** Ends the session: who started it or an owner of the workspace may. */
    @Transactional
    public CollaborationSession end(TenantId tenant, String workspace, String id, String email) {
        Workspace w = permitted(tenant, workspace, email, false);
        CollaborationSession session = find(tenant, workspace, sessionId(id));
        boolean owner = w.memberFor(email).map(m -> m.role() == WorkspaceRole.OWNER).orElse(false);
        if (!owner && !session.createdBy().equalsIgnoreCase(email)) {
            throw new AccessDenied("Only who started the session or an owner of workspace '" + workspace
                    + "' ends it.");
        }
        Instant now = clock.instant();
        if (store.end(tenant, session.id(), email, now)) {
            long sequence = append(tenant, session.id(), new SessionEvent(0, SessionEvent.ENDED, email, null, null,
                    null, null, now));
            events.publishEvent(new SessionEnded(tenant.value(), workspace, session.id(), sequence, email));
        }
        return find(tenant, workspace, session.id());
    }

    /**
     * The brief's {@code push_changes}: the file's new content, on the version the caller last saw ({@code 0} for a
     * file the session does not have yet). Changes to one file are versioned 1, 2, 3…; a change on any other version
     * than the current one is refused with {@link StaleVersion}, which carries the current one.
     */
    @Transactional
    public SessionEvent push(TenantId tenant, String workspace, String id, String email, String filePath,
            String content, Integer baseVersion) {
        String path = filePath(filePath);
        if (content == null) {
            throw new IllegalArgumentException("'content' is missing: the file's whole new text.");
        }
        if (content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("'content' is longer than " + MAX_CONTENT + " characters.");
        }
        if (content.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'content' contains a NUL character.");
        }
        if (baseVersion == null || baseVersion < 0) {
            throw new IllegalArgumentException("'base_version' is missing or negative: the file's version the change "
                    + "was made on (0 for a new file).");
        }
        CollaborationSession session = writable(tenant, workspace, id, email);
        long sequence = store.nextSequence(tenant, session.id()); // takes the session's lock before the version is read
        Optional<FileVersion> current = store.currentFile(tenant, session.id(), path);
        int currentVersion = current.map(FileVersion::version).orElse(0);
        if (baseVersion != currentVersion) {
            throw new StaleVersion("'" + path + "' is at version " + currentVersion + ", not " + baseVersion
                    + "; merge with the current content and push on version " + currentVersion + ".",
                    current.orElse(null));
        }
        SessionEvent change = new SessionEvent(sequence, SessionEvent.CHANGE, email.toLowerCase(Locale.ROOT), path,
                currentVersion + 1, null, content, clock.instant());
        store.append(tenant, session.id(), change);
        deliverAfterCommit(tenant, session.id());
        return change;
    }

    /** Records an assistant turn (the prompt and the gateway's answer) as the session's next event. */
    @Transactional
    public SessionEvent recordAssistantTurn(TenantId tenant, UUID session, String email, String prompt, String answer) {
        return event(tenant, session, new SessionEvent(0, SessionEvent.ASSISTANT, email.toLowerCase(Locale.ROOT), null,
                null, prompt, answer, clock.instant()));
    }

    /** A session the caller may push to: open, taking part, with read_write in chat. */
    public CollaborationSession writable(TenantId tenant, String workspace, String id, String email) {
        permitted(tenant, workspace, email, true);
        CollaborationSession session = open(tenant, workspace, sessionId(id));
        if (!session.hasParticipant(email)) {
            throw new AccessDenied("You do not take part in this session; join it first (POST .../join).");
        }
        return session;
    }

    public List<SessionEvent> events(TenantId tenant, String workspace, String id, String email, long after,
            int limit) {
        if (after < 0) {
            throw new IllegalArgumentException("'after' must be a sequence (0 or more).");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("'limit' must be between 1 and 1000.");
        }
        CollaborationSession session = get(tenant, workspace, id, email);
        return store.events(tenant, session.id(), after, limit);
    }

    public List<FileVersion> files(TenantId tenant, String workspace, String id, String email) {
        CollaborationSession session = get(tenant, workspace, id, email);
        return store.files(tenant, session.id());
    }

    public Set<String> connected(UUID session) {
        return hub.connected(session);
    }

    // ------------------------------------------------------------------ internals

    private long append(TenantId tenant, UUID session, SessionEvent event) {
        return event(tenant, session, event).sequence();
    }

    private SessionEvent event(TenantId tenant, UUID session, SessionEvent event) {
        long sequence = store.nextSequence(tenant, session);
        SessionEvent numbered = new SessionEvent(sequence, event.type(), event.actor(), event.filePath(),
                event.version(), event.prompt(), event.content(), event.at());
        store.append(tenant, session, numbered);
        deliverAfterCommit(tenant, session);
        return numbered;
    }

    /** Connected participants get the session's new events once they are committed, in their order. */
    private void deliverAfterCommit(TenantId tenant, UUID session) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    hub.deliver(tenant, session);
                }
            });
        } else {
            hub.deliver(tenant, session);
        }
    }

    private Workspace permitted(TenantId tenant, String workspace, String email, boolean write) {
        Workspace w = workspaces.get(tenant, workspace);
        Member member = w.memberFor(email).orElseThrow(() -> new AccessDenied("You are not a member of workspace '"
                + workspace + "'; only its members see and join its sessions."));
        Access access = w.access(member, Area.CHAT);
        if (write ? !access.writes() : !access.reads()) {
            throw new AccessDenied("Your role in workspace '" + workspace + "' (" + member.role().wireName()
                    + ") gives " + access.wireName() + " access to chat; sessions need "
                    + (write ? "read_write to start one or push to it." : "read to see them."));
        }
        return w;
    }

    private CollaborationSession find(TenantId tenant, String workspace, UUID id) {
        return store.find(tenant, workspace, id).orElseThrow(() -> new NoSuchElementException(
                "There is no session '" + id + "' in workspace '" + workspace + "'."));
    }

    private CollaborationSession open(TenantId tenant, String workspace, UUID id) {
        CollaborationSession session = find(tenant, workspace, id);
        if (session.ended()) {
            throw new IllegalArgumentException("The session ended at " + session.endedAt() + "; it takes no more changes.");
        }
        return session;
    }

    static UUID sessionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NoSuchElementException("There is no session '" + id + "'.");
        }
    }

    static String filePath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("'file_path' is missing: the file's path within the project, e.g. "
                    + "'src/app.ts'.");
        }
        String p = path.strip();
        if (p.length() > MAX_PATH || p.startsWith("/") || p.indexOf('\0') >= 0 || p.contains("\\")
                || new ArrayList<>(List.of(p.split("/", -1))).stream().anyMatch(s -> s.isEmpty() || s.equals("..")
                || s.equals("."))) {
            throw new IllegalArgumentException("'file_path' must be a relative path of at most " + MAX_PATH
                    + " characters with '/' between names (no '.', '..' or empty names), not '" + path + "'.");
        }
        return p;
    }
}
