package dev.aurelis.workspaces.store;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workspaces.Access;
import dev.aurelis.workspaces.Area;
import dev.aurelis.workspaces.ContextItem;
import dev.aurelis.workspaces.ContextKind;
import dev.aurelis.workspaces.Member;
import dev.aurelis.workspaces.Workspace;
import dev.aurelis.workspaces.WorkspaceRole;
import dev.aurelis.workspaces.WorkspaceSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The workspaces of a tenant ({@code workspaces_workspace}), their members ({@code workspaces_member}) and the versions
 * of their shared context ({@code workspaces_context_version}), each acting for its tenant under row-level security.
 * Workspaces are named by their name within the tenant (ADR 0006); their ids stay in here.
 */
@Component
public class WorkspaceStore {

    private static final String COLUMNS = """
            id, name, description, chat, github, a2a, default_provider, default_model, project, code_review_required,
            context_tokens, via, archived_at, created_by, created_at, updated_at""";

    private final JdbcClient jdbc;

    WorkspaceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Workspace> list(TenantId tenant) {
        return TenantContext.call(tenant, () -> {
            Map<UUID, List<Member>> members = new LinkedHashMap<>();
            jdbc.sql("select workspace_id, member, role, via, added_by, added_at from workspaces_member where tenant_id = ? "
                    + "order by added_at, member").param(tenant.value()).query(rs -> {
                        members.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>()).add(member(rs, 2));
                    });
            return jdbc.sql("select " + COLUMNS + " from workspaces_workspace where tenant_id = ? order by name")
                    .param(tenant.value())
                    .query((rs, n) -> workspace(rs, members.getOrDefault(rs.getObject(1, UUID.class), List.of())))
                    .list();
        });
    }

    public Optional<Workspace> find(TenantId tenant, String name) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + COLUMNS
                        + " from workspaces_workspace where tenant_id = ? and name = ?")
                .params(tenant.value(), name)
                .query((rs, n) -> workspace(rs, members(tenant, rs.getObject(1, UUID.class)))).optional());
    }

    /** Locks the workspace's row until the transaction ends (shares of one workspace are numbered one at a time). */
    public boolean lock(TenantId tenant, String name) {
        return TenantContext.call(tenant, () -> jdbc.sql(
                        "select id from workspaces_workspace where tenant_id = ? and name = ? for update")
                .params(tenant.value(), name).query(UUID.class).optional().isPresent());
    }

    public void insert(TenantId tenant, Workspace w) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                        insert into workspaces_workspace (tenant_id, id, name, description, chat, github, a2a,
                            default_provider, default_model, project, code_review_required, context_tokens, via,
                            created_by, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), UUID.randomUUID(), w.name(), w.description(),
                        w.permissions().get(Area.CHAT).wireName(), w.permissions().get(Area.GITHUB).wireName(),
                        w.permissions().get(Area.A2A).wireName(), w.settings().defaultProvider(),
                        w.settings().defaultModel(), w.settings().project(), w.settings().codeReviewRequired(),
                        w.settings().contextTokens(), w.via(), w.createdBy(), Timestamp.from(w.createdAt()),
                        Timestamp.from(w.updatedAt()))
                .update());
    }

    /** Writes the description, permissions and settings of {@code w}; false when there is no such workspace. */
    public boolean update(TenantId tenant, Workspace w) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        update workspaces_workspace set description = ?, chat = ?, github = ?, a2a = ?,
                            default_provider = ?, default_model = ?, project = ?, code_review_required = ?,
                            context_tokens = ?, updated_at = ?
                        where tenant_id = ? and name = ?""")
                .params(w.description(), w.permissions().get(Area.CHAT).wireName(),
                        w.permissions().get(Area.GITHUB).wireName(), w.permissions().get(Area.A2A).wireName(),
                        w.settings().defaultProvider(), w.settings().defaultModel(), w.settings().project(),
                        w.settings().codeReviewRequired(), w.settings().contextTokens(), Timestamp.from(w.updatedAt()),
                        tenant.value(), w.name())
                .update()) == 1;
    }

    public boolean archive(TenantId tenant, String name, Instant now) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        update workspaces_workspace set archived_at = ?, updated_at = ?
                        where tenant_id = ? and name = ? and archived_at is null""")
                .params(Timestamp.from(now), Timestamp.from(now), tenant.value(), name).update()) == 1;
    }

    /** Adds the member, or sets their role and origin; the workspace must exist. */
    public void putMember(TenantId tenant, String workspace, Member m) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                        insert into workspaces_member (tenant_id, workspace_id, member, role, via, added_by, added_at)
                        select ?, id, ?, ?, ?, ?, ? from workspaces_workspace where tenant_id = ? and name = ?
                        on conflict (workspace_id, member) do update set role = excluded.role, via = excluded.via""")
                .params(tenant.value(), m.member(), m.role().wireName(), m.via(), m.addedBy(),
                        Timestamp.from(m.addedAt()), tenant.value(), workspace)
                .update());
    }

    public boolean removeMember(TenantId tenant, String workspace, String member) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        delete from workspaces_member where tenant_id = ? and member = ?
                          and workspace_id = (select id from workspaces_workspace where tenant_id = ? and name = ?)""")
                .params(tenant.value(), member, tenant.value(), workspace).update()) == 1;
    }

    /** The current items of a workspace (the highest version of each, removed ones left out), in kind order. */
    public List<ContextItem> currentContext(TenantId tenant, String workspace) {
        List<ContextItem> items = TenantContext.call(tenant, () -> jdbc.sql("""
                        select distinct on (v.kind, v.name) v.kind, v.name, v.version, v.content, v.shared_by, v.shared_at
                        from workspaces_context_version v join workspaces_workspace w on w.id = v.workspace_id
                        where v.tenant_id = ? and w.tenant_id = ? and w.name = ?
                        order by v.kind, v.name, v.version desc""")
                .params(tenant.value(), tenant.value(), workspace).query((rs, n) -> item(rs)).list());
        return items.stream().filter(i -> !i.removed())
                .sorted(java.util.Comparator.comparing(ContextItem::kind).thenComparing(ContextItem::name)).toList();
    }

    /** Every version of one item, newest first. */
    public List<ContextItem> history(TenantId tenant, String workspace, ContextKind kind, String name, int limit) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                        select v.kind, v.name, v.version, v.content, v.shared_by, v.shared_at
                        from workspaces_context_version v join workspaces_workspace w on w.id = v.workspace_id
                        where v.tenant_id = ? and w.tenant_id = ? and w.name = ? and v.kind = ? and v.name = ?
                        order by v.version desc limit ?""")
                .params(tenant.value(), tenant.value(), workspace, kind.wireName(), name, limit)
                .query((rs, n) -> item(rs)).list());
    }

    /** Adds the next version of an item (call with the workspace locked); returns it. */
    public ContextItem addVersion(TenantId tenant, String workspace, ContextKind kind, String name, String content,
            String sharedBy, Instant now) {
        return TenantContext.call(tenant, () -> {
            UUID id = jdbc.sql("select id from workspaces_workspace where tenant_id = ? and name = ?")
                    .params(tenant.value(), workspace).query(UUID.class).single();
            int version = jdbc.sql("""
                            select coalesce(max(version), 0) + 1 from workspaces_context_version
                            where tenant_id = ? and workspace_id = ? and kind = ? and name = ?""")
                    .params(tenant.value(), id, kind.wireName(), name).query(Integer.class).single();
            jdbc.sql("""
                            insert into workspaces_context_version (tenant_id, workspace_id, kind, name, version, content,
                                shared_by, shared_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(tenant.value(), id, kind.wireName(), name, version, content, sharedBy, Timestamp.from(now))
                    .update();
            return new ContextItem(kind, name, version, content, sharedBy, now);
        });
    }

    private List<Member> members(TenantId tenant, UUID workspaceId) {
        return jdbc.sql("select member, role, via, added_by, added_at from workspaces_member "
                        + "where tenant_id = ? and workspace_id = ? order by added_at, member")
                .params(tenant.value(), workspaceId).query((rs, n) -> member(rs, 1)).list();
    }

    private static Member member(ResultSet rs, int from) throws SQLException {
        return new Member(rs.getString(from), WorkspaceRole.of(rs.getString(from + 1)), rs.getString(from + 2),
                rs.getString(from + 3), rs.getTimestamp(from + 4).toInstant());
    }

    private static Workspace workspace(ResultSet rs, List<Member> members) throws SQLException {
        Map<Area, Access> permissions = new EnumMap<>(Area.class);
        permissions.put(Area.CHAT, Access.of(rs.getString("chat"), "chat"));
        permissions.put(Area.GITHUB, Access.of(rs.getString("github"), "github"));
        permissions.put(Area.A2A, Access.of(rs.getString("a2a"), "a2a"));
        Timestamp archived = rs.getTimestamp("archived_at");
        return new Workspace(rs.getString("name"), rs.getString("description"), permissions,
                new WorkspaceSettings(rs.getString("default_provider"), rs.getString("default_model"),
                        rs.getString("project"), rs.getBoolean("code_review_required"), rs.getInt("context_tokens")),
                members, rs.getString("via"), archived == null ? null : archived.toInstant(), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static ContextItem item(ResultSet rs) throws SQLException {
        return new ContextItem(ContextKind.of(rs.getString(1)), rs.getString(2), rs.getInt(3), rs.getString(4),
                rs.getString(5), rs.getTimestamp(6).toInstant());
    }
}
