package dev.aurelis.access;

import dev.aurelis.storage.AfterCommit;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place that answers "may this caller do X, and where": roles with their permissions and scope, role
 * bindings to users and teams, each team's roles and model allow-list. Answers come from an in-memory
 * snapshot per tenant (loaded with the system connections, because the key cache builds every tenant's
 * callers at once); changes go through this class in the current tenant's transaction, publish an
 * {@link AccessChanged} event and drop the snapshot once committed.
 */
@Component
public class AccessPolicy {

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    /** Roles that keep organisation scope when departments are isolated. */
    private static final Set<String> ORGANIZATION_WIDE = Set.of(BuiltInRoles.ENTERPRISE_ADMIN, BuiltInRoles.ADMIN,
            BuiltInRoles.AUDITOR);

    private final JdbcClient jdbc;
    private final JdbcClient directory;
    private final Organizations organizations;
    private final ApplicationEventPublisher events;
    private final Map<TenantId, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<TenantId, Boolean> departmentIsolation = new ConcurrentHashMap<>();

    AccessPolicy(JdbcClient jdbc, @SystemDatabase DataSource system, Organizations organizations,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.directory = JdbcClient.create(system);
        this.organizations = organizations;
        this.events = events;
    }

    private record Snapshot(Map<String, RoleDefinition> roles, Map<String, Set<String>> expanded,
            Map<String, List<String>> teamRoles, Map<String, Set<String>> teamModels, List<RoleBinding> bindings) {
    }

    // ---- configuration ----------------------------------------------------------------------------------

    /** Makes the tables match the configuration file (built-in roles included); see ADR 0005. */
    @Transactional
    public void declare(AccessDeclaration declaration) {
        TenantId tenantId = declaration.tenantId();
        String tenant = tenantId.value();
        departmentIsolation.put(tenantId, declaration.departmentIsolation());
        Map<String, RoleDefinition> roles = new LinkedHashMap<>();
        BuiltInRoles.all().forEach((name, permissions) -> roles.put(name, new RoleDefinition(name, permissions,
                BuiltInRoles.scopeOf(name), true, RoleDefinition.SOURCE_BUILT_IN, null)));
        declaration.roles().forEach((name, permissions) -> {
            boolean builtIn = BuiltInRoles.isBuiltIn(name);
            RoleScope scope = builtIn ? BuiltInRoles.scopeOf(name)
                    : declaration.roleScopes().getOrDefault(name, RoleScope.ORGANIZATION);
            roles.put(name, new RoleDefinition(name, permissions, scope, builtIn, RoleDefinition.SOURCE_CONFIGURATION, null));
        });
        for (RoleDefinition role : roles.values()) {
            int changed = jdbc.sql("""
                    insert into access_role (tenant_id, name, permissions, built_in, scope, source) values (?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, name) do update set permissions = excluded.permissions,
                        built_in = excluded.built_in, scope = excluded.scope, source = excluded.source, updated_at = now()
                    where (access_role.permissions, access_role.built_in, access_role.scope, access_role.source)
                        is distinct from (excluded.permissions, excluded.built_in, excluded.scope, excluded.source)
                    """).params(tenant, role.name(), role.permissions().toArray(String[]::new), role.builtIn(),
                    role.scope().configName(), role.source()).update();
            if (changed > 0) {
                events.publishEvent(new RoleDefined(tenant, role.name(), role.permissions(), role.scope().configName(),
                        role.source(), "configuration"));
            }
        }
        replaceTeamRows("access_team_role", "role", tenant, declaration.teamRoles());
        replaceTeamRows("access_team_model", "model", tenant, declaration.teamModels());
        forget(tenantId);
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
            for (String value : new LinkedHashSet<>(entry.getValue())) {
                jdbc.sql("insert into " + table + " (tenant_id, team, " + column + ") values (?, ?, ?)")
                        .params(tenant, entry.getKey(), value).update();
            }
        }
    }

    // ---- roles ------------------------------------------------------------------------------------------

    /** Every role of the organisation: built-in roles first, then the others by name. */
    public List<RoleDefinition> roles(TenantId tenantId) {
        List<String> builtIns = List.copyOf(BuiltInRoles.all().keySet());
        return snapshot(tenantId).roles().values().stream()
                .sorted(Comparator.comparing((RoleDefinition r) -> r.builtIn() ? builtIns.indexOf(r.name()) : Integer.MAX_VALUE)
                        .thenComparing(RoleDefinition::name))
                .toList();
    }

    public Optional<RoleDefinition> role(TenantId tenantId, String name) {
        return Optional.ofNullable(snapshot(tenantId).roles().get(name));
    }

    public boolean roleExists(TenantId tenantId, String role) {
        return snapshot(tenantId).roles().containsKey(role) || BuiltInRoles.isBuiltIn(role);
    }

    /** Creates a role; its name must be new. */
    @Transactional
    public RoleDefinition defineRole(TenantId tenantId, String name, List<String> permissions, RoleScope scope,
            String description, String actor) {
        checkRoleName(name);
        List<String> checked = checkPermissions(permissions);
        if (roleExists(tenantId, name) || jdbc.sql("select exists (select 1 from access_role where tenant_id = ? and name = ?)")
                .params(tenantId.value(), name).query(Boolean.class).single()) {
            throw new AccessConflict("The role '" + name + "' exists already.");
        }
        RoleScope effective = scope == null ? RoleScope.ORGANIZATION : scope;
        jdbc.sql("""
                insert into access_role (tenant_id, name, permissions, built_in, scope, source, description)
                values (?, ?, ?, false, ?, 'api', ?)
                """).params(tenantId.value(), name, checked.toArray(String[]::new), effective.configName(), description)
                .update();
        forget(tenantId);
        events.publishEvent(new RoleDefined(tenantId.value(), name, checked, effective.configName(), RoleDefinition.SOURCE_API, actor));
        return new RoleDefinition(name, checked, effective, false, RoleDefinition.SOURCE_API, description);
    }

    /** Replaces the permissions, scope and description of a role defined through the API. */
    @Transactional
    public RoleDefinition redefineRole(TenantId tenantId, String name, List<String> permissions, RoleScope scope,
            String description, String actor) {
        RoleDefinition existing = changeableRole(tenantId, name);
        List<String> checked = checkPermissions(permissions);
        RoleScope effective = scope == null ? existing.scope() : scope;
        jdbc.sql("""
                update access_role set permissions = ?, scope = ?, description = ?, updated_at = now()
                where tenant_id = ? and name = ?
                """).params(checked.toArray(String[]::new), effective.configName(), description, tenantId.value(), name)
                .update();
        forget(tenantId);
        events.publishEvent(new RoleDefined(tenantId.value(), name, checked, effective.configName(), RoleDefinition.SOURCE_API, actor));
        return new RoleDefinition(name, checked, effective, false, RoleDefinition.SOURCE_API, description);
    }

    /**
     * Deletes a role defined through the API. Refused while a binding or a team grants it; keys that name
     * it keep the name, which grants nothing while no role has it.
     */
    @Transactional
    public void deleteRole(TenantId tenantId, String name, String actor) {
        changeableRole(tenantId, name);
        long bindings = jdbc.sql("select count(*) from access_role_binding where tenant_id = ? and role = ?")
                .params(tenantId.value(), name).query(Long.class).single();
        long teams = jdbc.sql("select count(*) from access_team_role where tenant_id = ? and role = ?")
                .params(tenantId.value(), name).query(Long.class).single();
        if (bindings + teams > 0) {
            throw new AccessConflict("The role '" + name + "' is still granted (" + bindings + " binding(s), " + teams
                    + " team(s) in the configuration); remove those first.");
        }
        jdbc.sql("delete from access_role where tenant_id = ? and name = ?").params(tenantId.value(), name).update();
        forget(tenantId);
        events.publishEvent(new RoleDeleted(tenantId.value(), name, actor));
    }

    private RoleDefinition changeableRole(TenantId tenantId, String name) {
        RoleDefinition existing = role(tenantId, name)
                .orElseThrow(() -> new java.util.NoSuchElementException("No role named '" + name + "'."));
        if (!RoleDefinition.SOURCE_API.equals(existing.source())) {
            throw new AccessConflict("The role '" + name + "' is " + (existing.builtIn() && RoleDefinition.SOURCE_BUILT_IN.equals(existing.source())
                    ? "built in" : "declared in the configuration file") + "; change it there, not through the API.");
        }
        return existing;
    }

    private static void checkRoleName(String name) {
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A role name is 1 to 64 lower-case letters, digits, '_' or '-', "
                    + "starting with a letter; got '" + name + "'.");
        }
    }

    private static List<String> checkPermissions(List<String> permissions) {
        if (permissions == null || permissions.isEmpty()) {
            throw new IllegalArgumentException("'permissions' must list at least one permission, e.g. [\"models:use\"].");
        }
        List<String> result = new ArrayList<>();
        for (String permission : permissions) {
            if (!Permission.isWellFormed(permission == null ? null : permission.strip())) {
                throw new IllegalArgumentException("'" + permission + "' is not a permission; write area:action "
                        + "(e.g. usage:read), area.action (chat.create) or area:*.");
            }
            if (!result.contains(permission.strip())) {
                result.add(permission.strip());
            }
        }
        return result;
    }

    // ---- bindings ---------------------------------------------------------------------------------------

    public List<RoleBinding> bindings(TenantId tenantId) {
        return snapshot(tenantId).bindings();
    }

    public Optional<RoleBinding> binding(TenantId tenantId, UUID id) {
        return bindings(tenantId).stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /**
     * Binds a role to a user or a team. A person may bind only a role whose permissions they hold themselves;
     * binding what exists already is a conflict.
     */
    @Transactional
    public RoleBinding bind(TenantId tenantId, UUID userId, String team, String role, String scopeDepartment,
            String scopeTeam, Grantor grantor) {
        if ((userId == null) == (team == null || team.isBlank())) {
            throw new IllegalArgumentException("A role is bound to exactly one subject: a user or a team.");
        }
        RoleDefinition definition = role(tenantId, role)
                .orElseThrow(() -> new IllegalArgumentException("Unknown role '" + role + "'."));
        String department = blankToNull(scopeDepartment);
        String scopedTeam = blankToNull(scopeTeam);
        if (department != null && definition.scope() != RoleScope.DEPARTMENT) {
            throw new IllegalArgumentException("The role '" + role + "' has " + definition.scope().configName()
                    + " scope; only a department-scoped role is bound to a department.");
        }
        if (scopedTeam != null && definition.scope() != RoleScope.TEAM) {
            throw new IllegalArgumentException("The role '" + role + "' has " + definition.scope().configName()
                    + " scope; only a team-scoped role is bound to a team.");
        }
        if (department != null && organizations.departments(tenantId).stream().noneMatch(d -> d.name().equals(department))) {
            throw new IllegalArgumentException("No department named '" + department + "'.");
        }
        for (String t : new String[] {team, scopedTeam}) {
            if (t != null && !t.isBlank() && organizations.team(tenantId, t).isEmpty()) {
                throw new IllegalArgumentException("No team named '" + t + "'.");
            }
        }
        requireHeld(grantor, tenantId, List.of(role));
        RoleBinding binding = jdbc.sql("""
                insert into access_role_binding (tenant_id, id, user_id, team, role, scope_department, scope_team,
                    source, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                returning id, user_id, team, role, scope_department, scope_team, source, created_by, created_at
                """).params(tenantId.value(), UUID.randomUUID(), userId, blankToNull(team), role, department, scopedTeam,
                grantor.trusted() ? grantor.actor() : RoleDefinition.SOURCE_API, grantor.actor())
                .query((rs, n) -> bindingOf(rs)).optional()
                .orElseThrow(() -> new AccessConflict("The role '" + role + "' is bound to that "
                        + (userId != null ? "user" : "team") + " already."));
        forget(tenantId);
        events.publishEvent(new RoleGranted(tenantId.value(), binding.id(), role, userId, binding.team(), department,
                scopedTeam, grantor.actor()));
        return binding;
    }

    /** Binds a role to a user unless it is bound already (without scope); for trusted callers. */
    @Transactional
    public void ensureBound(TenantId tenantId, UUID userId, String role, String actor) {
        boolean exists = jdbc.sql("""
                select exists (select 1 from access_role_binding where tenant_id = ? and user_id = ? and role = ?
                    and scope_department is null and scope_team is null)
                """).params(tenantId.value(), userId, role).query(Boolean.class).single();
        if (!exists) {
            bind(tenantId, userId, null, role, null, null, Grantor.system(actor));
        }
    }

    @Transactional
    public boolean unbind(TenantId tenantId, UUID id, String actor) {
        Optional<RoleBinding> binding = jdbc.sql("""
                delete from access_role_binding where tenant_id = ? and id = ?
                returning id, user_id, team, role, scope_department, scope_team, source, created_by, created_at
                """).params(tenantId.value(), id).query((rs, n) -> bindingOf(rs)).optional();
        binding.ifPresent(b -> {
            forget(tenantId);
            events.publishEvent(new RoleRevoked(tenantId.value(), b.id(), b.role(), b.userId(), b.team(), actor));
        });
        return binding.isPresent();
    }

    /**
     * Refuses, for a person, roles that would grant a permission they do not hold. Used for role bindings
     * and for the roles a new key carries.
     */
    public void requireHeld(Grantor grantor, TenantId tenantId, Collection<String> roles) {
        if (grantor.trusted()) {
            return;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String role : roles) {
            RoleDefinition definition = role(tenantId, role)
                    .orElseThrow(() -> new IllegalArgumentException("Unknown role '" + role + "'."));
            wanted.addAll(definition.permissions());
        }
        List<String> missing = grantor.grants().missing(wanted);
        if (!missing.isEmpty()) {
            throw new AccessDenied("You cannot grant " + String.join(", ", roles) + ": it carries "
                    + String.join(", ", missing) + ", which your roles do not grant.");
        }
    }

    // ---- team allow-lists ---------------------------------------------------------------------------------

    /** Replaces a team's model allow-list (empty: every model). The configuration file wins for teams it declares at the next start. */
    @Transactional
    public void setTeamModels(TenantId tenantId, String team, List<String> models, String actor) {
        if (organizations.team(tenantId, team).isEmpty()) {
            throw new java.util.NoSuchElementException("No team named '" + team + "'.");
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(models == null ? List.of() : models));
        for (String model : distinct) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("A model name must not be empty.");
            }
        }
        replaceTeamRows("access_team_model", "model", tenantId.value(), Map.of(team, distinct));
        forget(tenantId);
        events.publishEvent(new TeamModelsChanged(tenantId.value(), team, distinct, actor));
    }

    public List<String> rolesOfTeam(TenantId tenantId, String team) {
        return team == null ? List.of() : snapshot(tenantId).teamRoles().getOrDefault(team, List.of());
    }

    /** The models a team may use; empty means every model the organisation serves. */
    public Set<String> modelsOfTeam(TenantId tenantId, String team) {
        return team == null ? Set.of() : snapshot(tenantId).teamModels().getOrDefault(team, Set.of());
    }

    /**
     * The models a key may use: its team's allow-list; for a key without a team, the union of the allow-lists
     * of the teams its user belongs to (so a team-less key never escapes a restriction). Empty means every model.
     */
    public Set<String> modelsFor(TenantId tenantId, String keyTeam, Collection<String> memberTeams) {
        if (keyTeam != null) {
            return modelsOfTeam(tenantId, keyTeam);
        }
        Set<String> union = new HashSet<>();
        for (String team : memberTeams) {
            Set<String> models = modelsOfTeam(tenantId, team);
            if (models.isEmpty()) {
                return Set.of();
            }
            union.addAll(models);
        }
        return Set.copyOf(union);
    }

    // ---- decisions ----------------------------------------------------------------------------------------

    /** The permissions granted by a set of roles; an unknown role grants nothing. */
    public Set<String> permissionsOf(TenantId tenantId, Collection<String> roles) {
        Snapshot snapshot = snapshot(tenantId);
        Set<String> granted = new HashSet<>();
        for (String role : roles) {
            granted.addAll(snapshot.expanded().getOrDefault(role, Set.of()));
        }
        return Set.copyOf(granted);
    }

    /**
     * The grants of a subject: the key's roles (reaching the key's team), the user's bindings and the roles of
     * every team they belong to or their key names. With none at all the subject is a developer.
     */
    public Grants grantsOf(TenantId tenantId, Subject subject) {
        Snapshot snapshot = snapshot(tenantId);
        Set<String> subjectTeams = new LinkedHashSet<>(subject.memberTeams());
        if (subject.keyTeam() != null) {
            subjectTeams.add(subject.keyTeam());
        }
        List<Grants.Grant> grants = new ArrayList<>();
        Set<String> keyTeams = subject.keyTeam() == null ? Set.of() : Set.of(subject.keyTeam());
        for (String role : subject.keyRoles()) {
            add(grants, tenantId, snapshot, role, keyTeams, null, null);
        }
        for (RoleBinding binding : snapshot.bindings()) {
            if (binding.userId() != null && binding.userId().equals(subject.userId())) {
                add(grants, tenantId, snapshot, binding.role(), subjectTeams, binding.scopeDepartment(), binding.scopeTeam());
            } else if (binding.team() != null && subjectTeams.contains(binding.team())) {
                add(grants, tenantId, snapshot, binding.role(), Set.of(binding.team()), binding.scopeDepartment(),
                        binding.scopeTeam());
            }
        }
        for (String team : subjectTeams) {
            for (String role : snapshot.teamRoles().getOrDefault(team, List.of())) {
                add(grants, tenantId, snapshot, role, Set.of(team), null, null);
            }
        }
        if (grants.isEmpty()) {
            add(grants, tenantId, snapshot, BuiltInRoles.DEVELOPER, subjectTeams, null, null);
        }
        return new Grants(subject.userId(), grants);
    }

    private void add(List<Grants.Grant> grants, TenantId tenantId, Snapshot snapshot, String role, Set<String> teams,
            String scopeDepartment, String scopeTeam) {
        RoleDefinition definition = snapshot.roles().get(role);
        if (definition == null) {
            return;
        }
        Set<String> reachTeams = scopeTeam != null ? Set.of(scopeTeam) : teams;
        Set<String> reachDepartments = new HashSet<>();
        if (scopeDepartment != null) {
            reachDepartments.add(scopeDepartment);
        } else {
            for (String team : teams) {
                organizations.team(tenantId, team).map(Team::department).filter(Objects::nonNull).ifPresent(reachDepartments::add);
            }
        }
        RoleScope scope = definition.scope();
        Set<String> expanded = snapshot.expanded().get(role);
        if (scope == RoleScope.ORGANIZATION && departmentIsolation.getOrDefault(tenantId, false)
                && !ORGANIZATION_WIDE.contains(role) && !expanded.contains(Permission.ADMIN_FULL)) {
            scope = RoleScope.DEPARTMENT;
        }
        grants.add(new Grants.Grant(role, scope, expanded, reachDepartments, reachTeams));
    }

    /** Forgets every snapshot, for changes made by another replica. */
    public void refresh() {
        snapshots.clear();
    }

    private void forget(TenantId tenantId) {
        snapshots.remove(tenantId);
        AfterCommit.run(() -> snapshots.remove(tenantId));
    }

    private Snapshot snapshot(TenantId tenantId) {
        return snapshots.computeIfAbsent(tenantId, this::load);
    }

    private Snapshot load(TenantId id) {
        Map<String, RoleDefinition> roles = new LinkedHashMap<>();
        BuiltInRoles.all().forEach((name, permissions) -> roles.put(name, new RoleDefinition(name, permissions,
                BuiltInRoles.scopeOf(name), true, RoleDefinition.SOURCE_BUILT_IN, null)));
        directory.sql("select name, permissions, built_in, scope, source, description from access_role where tenant_id = ?")
                .param(id.value())
                .query((rs, n) -> new RoleDefinition(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()),
                        RoleScope.of(rs.getString(4)), rs.getBoolean(3), rs.getString(5), rs.getString(6)))
                .list().forEach(r -> roles.put(r.name(), r));
        Map<String, Set<String>> expanded = new HashMap<>();
        roles.forEach((name, role) -> expanded.put(name, Permission.expand(role.permissions())));
        Map<String, List<String>> teamRoles = new HashMap<>();
        directory.sql("select team, role from access_team_role where tenant_id = ? order by team, role").param(id.value())
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list().forEach(e -> teamRoles.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<String, Set<String>> teamModels = new HashMap<>();
        directory.sql("select team, model from access_team_model where tenant_id = ?").param(id.value())
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list().forEach(e -> teamModels.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
        List<RoleBinding> bindings = directory.sql("""
                select id, user_id, team, role, scope_department, scope_team, source, created_by, created_at
                from access_role_binding where tenant_id = ? order by created_at, id
                """).param(id.value()).query((rs, n) -> bindingOf(rs)).list();
        return new Snapshot(Map.copyOf(roles), Map.copyOf(expanded), teamRoles, teamModels, List.copyOf(bindings));
    }

    private static RoleBinding bindingOf(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp created = rs.getTimestamp(9);
        return new RoleBinding(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                created == null ? null : created.toInstant());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
