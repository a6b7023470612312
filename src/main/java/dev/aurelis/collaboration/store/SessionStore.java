package dev.aurelis.collaboration.store;

import dev.aurelis.collaboration.CollaborationSession;
import dev.aurelis.collaboration.FileVersion;
import dev.aurelis.collaboration.Participant;
import dev.aurelis.collaboration.SessionEvent;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sessions ({@code collaboration_session}), their participants ({@code collaboration_participant}) and their ordered
 * event logs ({@code collaboration_event}), each acting for its tenant under row-level security.
 */
@Component
public class SessionStore {

    private static final String SESSION_COLUMNS =
            "id, workspace, title, created_by, created_at, ended_by, ended_at, last_sequence";
    private static final String EVENT_COLUMNS = "sequence, type, actor, file_path, version, prompt, content, at";

    private final JdbcClient jdbc;

    SessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(TenantId tenant, UUID id, String workspace, String title, String createdBy, Instant at) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                        insert into collaboration_session (tenant_id, id, workspace, title, created_by, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), id, workspace, title, createdBy, Timestamp.from(at)).update());
    }

    public Optional<CollaborationSession> find(TenantId tenant, String workspace, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + SESSION_COLUMNS
                        + " from collaboration_session where tenant_id = ? and workspace = ? and id = ?")
                .params(tenant.value(), workspace, id)
                .query((rs, n) -> session(rs, participants(tenant, id))).optional());
    }

    /** The workspace's sessions, newest first; ended ones only when asked. */
    public List<CollaborationSession> list(TenantId tenant, String workspace, boolean withEnded, int limit) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + SESSION_COLUMNS
                        + " from collaboration_session where tenant_id = ? and workspace = ?"
                        + (withEnded ? "" : " and ended_at is null") + " order by created_at desc, id limit ?")
                .params(tenant.value(), workspace, limit)
                .query((rs, n) -> session(rs, List.of())).list()
                .stream().map(s -> find(tenant, workspace, s.id()).orElse(s)).toList());
    }

    /**
     * The next sequence of the session, taken under its row's lock, which the transaction keeps until it ends: the
     * session's events are numbered and committed one at a time, in their order.
     */
    public long nextSequence(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        update collaboration_session set last_sequence = last_sequence + 1
                        where tenant_id = ? and id = ? returning last_sequence""")
                .params(tenant.value(), id).query(Long.class).single());
    }

    public long lastSequence(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql(
                        "select last_sequence from collaboration_session where tenant_id = ? and id = ?")
                .params(tenant.value(), id).query(Long.class).optional().orElse(0L));
    }

    public void append(TenantId tenant, UUID id, SessionEvent event) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                        insert into collaboration_event (tenant_id, session_id, sequence, type, actor, file_path, version,
                            prompt, content, at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), id, event.sequence(), event.type(), event.actor(), event.filePath(),
                        event.version(), event.prompt(), event.content(), Timestamp.from(event.at()))
                .update());
    }

    /** The session's events after {@code after}, in order, at most {@code limit}. */
    public List<SessionEvent> events(TenantId tenant, UUID id, long after, int limit) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + EVENT_COLUMNS + " from collaboration_event "
                        + "where tenant_id = ? and session_id = ? and sequence > ? order by sequence limit ?")
                .params(tenant.value(), id, after, limit).query((rs, n) -> event(rs)).list());
    }

    public Optional<FileVersion> currentFile(TenantId tenant, UUID id, String path) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        select file_path, version, content, actor, at from collaboration_event
                        where tenant_id = ? and session_id = ? and type = 'change' and file_path = ?
                        order by version desc limit 1""")
                .params(tenant.value(), id, path).query((rs, n) -> file(rs)).optional());
    }

    /** The current version of every file of the session, by path. */
    public List<FileVersion> files(TenantId tenant, UUID id) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        select distinct on (file_path) file_path, version, content, actor, at from collaboration_event
                        where tenant_id = ? and session_id = ? and type = 'change'
                        order by file_path, version desc""")
                .params(tenant.value(), id).query((rs, n) -> file(rs)).list());
    }

    /** Makes the person a current participant (again); false when they already were one. */
    public boolean join(TenantId tenant, UUID id, String email, Instant at) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        insert into collaboration_participant (tenant_id, session_id, email, joined_at)
                        values (?, ?, ?, ?)
                        on conflict (session_id, email) do update set joined_at = excluded.joined_at, left_at = null
                        where collaboration_participant.left_at is not null""")
                .params(tenant.value(), id, email, Timestamp.from(at)).update() > 0);
    }

    /** False when the person was no current participant. */
    public boolean leave(TenantId tenant, UUID id, String email, Instant at) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        update collaboration_participant set left_at = ?
                        where tenant_id = ? and session_id = ? and email = ? and left_at is null""")
                .params(Timestamp.from(at), tenant.value(), id, email).update() > 0);
    }

    public boolean end(TenantId tenant, UUID id, String actor, Instant at) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        update collaboration_session set ended_by = ?, ended_at = ?
                        where tenant_id = ? and id = ? and ended_at is null""")
                .params(actor, Timestamp.from(at), tenant.value(), id).update() > 0);
    }

    private List<Participant> participants(TenantId tenant, UUID id) {
        return jdbc.sql("select email, joined_at, left_at from collaboration_participant "
                        + "where tenant_id = ? and session_id = ? order by joined_at, email")
                .params(tenant.value(), id)
                .query((rs, n) -> new Participant(rs.getString(1), instant(rs, 2), instant(rs, 3))).list();
    }

    private static CollaborationSession session(ResultSet rs, List<Participant> participants) throws SQLException {
        return new CollaborationSession(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs, 5), rs.getString(6), instant(rs, 7), rs.getLong(8), participants);
    }

    private static SessionEvent event(ResultSet rs) throws SQLException {
        int version = rs.getInt(5);
        return new SessionEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.wasNull() ? null : version, rs.getString(6), rs.getString(7), instant(rs, 8));
    }

    private static FileVersion file(ResultSet rs) throws SQLException {
        return new FileVersion(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), instant(rs, 5));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
