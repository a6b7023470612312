package dev.aurelis.access;

import dev.aurelis.tenancy.TenantId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers "which permissions do these roles grant" and "which models may this team use" from memory; the
 * tables behind it change only through {@link #declare} and are reloaded after every change.
 */
@Component
public class AccessPolicy {

    private final JdbcClient jdbc;
    private final Map<TenantId, Snapshot> snapshots = new ConcurrentHashMap<>();

    AccessPolicy(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Snapshot(Map<String, Set<String>> roles, Map<String, List<String>> teamRoles,
            Map<String, Set<String>> teamModels) {
    }

    @Transactional
    public void declare(AccessDeclaration declaration) {
        String tenant = declaration.tenantId().value();
        Map<String, List<String>> roles = new LinkedHashMap<>(BuiltInRoles.all());
        roles.putAll(declaration.roles());
        for (var role : roles.entrySet()) {
            jdbc.sql("""
                    insert into access_role (tenant_id, name, permissions, built_in) values (?, ?, ?, ?)
                    on conflict (tenant_id, name) do update set permissions = excluded.permissions,
                        built_in = excluded.built_in
                    where access_role.permissions is distinct from excluded.permissions
                       or access_role.built_in is distinct from excluded.built_in
                    """).params(tenant, role.getKey(), role.getValue().toArray(String[]::new),
                    BuiltInRoles.isBuiltIn(role.getKey())).update();
        }
        replaceTeamRows("access_team_role", "role", tenant, declaration.teamRoles());
        replaceTeamRows("access_team_model", "model", tenant, declaration.teamModels());
        snapshots.remove(declaration.tenantId());
    }

    /** The permissions granted by a set of roles; an unknown role grants nothing. */
    public Set<String> permissionsOf(TenantId tenantId, Collection<String> roles) {
        Snapshot snapshot = snapshot(tenantId);
        Set<String> granted = new HashSet<>();
        for (String role : roles) {
            granted.addAll(snapshot.roles().getOrDefault(role, Set.of()));
        }
        return Set.copyOf(granted);
    }

    public List<String> rolesOfTeam(TenantId tenantId, String team) {
        return team == null ? List.of() : snapshot(tenantId).teamRoles().getOrDefault(team, List.of());
    }

    /** The models a team may use; empty means every model the organisation serves. */
    public Set<String> modelsOfTeam(TenantId tenantId, String team) {
        return team == null ? Set.of() : snapshot(tenantId).teamModels().getOrDefault(team, Set.of());
    }

    public boolean roleExists(TenantId tenantId, String role) {
        return snapshot(tenantId).roles().containsKey(role) || BuiltInRoles.isBuiltIn(role);
    }

    public void refresh() {
        snapshots.clear();
    }

    private void replaceTeamRows(String table, String column, String tenant, Map<String, List<String>> rows) {
        // table and column are constants of this class, never input
        for (var entry : rows.entrySet()) {
            List<String> current = jdbc.sql("select " + column + " from " + table + " where tenant_id = ? and team = ?")
                    .params(tenant, entry.getKey()).query(String.class).list();
            if (new HashSet<>(current).equals(new HashSet<>(entry.getValue()))) {
                continue;
            }
            jdbc.sql("delete from " + table + " where tenant_id = ? and team = ?").params(tenant, entry.getKey()).update();
            for (String value : new java.util.LinkedHashSet<>(entry.getValue())) {
                jdbc.sql("insert into " + table + " (tenant_id, team, " + column + ") values (?, ?, ?)")
                        .params(tenant, entry.getKey(), value).update();
            }
        }
    }

    private Snapshot snapshot(TenantId tenantId) {
        return snapshots.computeIfAbsent(tenantId, id -> {
            Map<String, Set<String>> roles = new HashMap<>();
            BuiltInRoles.all().forEach((name, permissions) -> roles.put(name, Set.copyOf(permissions)));
            jdbc.sql("select name, permissions from access_role where tenant_id = ?").param(id.value())
                    .query((rs, n) -> Map.entry(rs.getString(1), Set.of((String[]) rs.getArray(2).getArray())))
                    .list().forEach(e -> roles.put(e.getKey(), e.getValue()));
            Map<String, List<String>> teamRoles = new HashMap<>();
            jdbc.sql("select team, role from access_team_role where tenant_id = ? order by team, role").param(id.value())
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .list().forEach(e -> teamRoles.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
            Map<String, Set<String>> teamModels = new HashMap<>();
            jdbc.sql("select team, model from access_team_model where tenant_id = ?").param(id.value())
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .list().forEach(e -> teamModels.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
            return new Snapshot(roles, teamRoles, teamModels);
        });
    }
}
