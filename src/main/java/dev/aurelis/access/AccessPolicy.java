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

    /**
     * Creates a role; its name must be new. A role can be bound anywhere, so a person defines only a role whose
     * permissions they hold across the organisation.
     */
    @Transactional
    public RoleDefinition defineRole(TenantId tenantId, String name, List<String> permissions, RoleScope scope,
            String description, Grantor grantor) {
        checkRoleName(name);
        List<String> checked = checkPermissions(permissions);
        requireMayConfer(grantor, tenantId, List.of(everywhere(name, checked)), "define the role '" + name + "'");
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
        events.publishEvent(new RoleDefined(tenantId.value(), name, checked, effective.configName(), RoleDefinition.SOURCE_API,
                grantor.actor()));
        return new RoleDefinition(name, checked, effective, false, RoleDefinition.SOURCE_API, description);
    }

    /**
     * Replaces the permissions, scope and description of a role defined through the API. Redefining changes what
     * every holder of the role may do, so a person may redefine only a role whose old and new permissions they
     * hold across the organisation.
     */
    @Transactional
    public RoleDefinition redefineRole(TenantId tenantId, String name, List<String> permissions, RoleScope scope,
            String description, Grantor grantor) {
        RoleDefinition existing = changeableRole(tenantId, name);
        List<String> checked = checkPermissions(permissions);
        requireMayConfer(grantor, tenantId, List.of(everywhere(name, existing.permissions()), everywhere(name, checked)),
                "redefine the role '" + name + "'");
        RoleScope effective = scope == null ? existing.scope() : scope;
        jdbc.sql("""
                update access_role set permissions = ?, scope = ?, description = ?, updated_at = now()
                where tenant_id = ? and name = ?
                """).params(checked.toArray(String[]::new), effective.configName(), description, tenantId.value(), name)
                .update();
        forget(tenantId);
        events.publishEvent(new RoleDefined(tenantId.value(), name, checked, effective.configName(), RoleDefinition.SOURCE_API,
                grantor.actor()));
        return new RoleDefinition(name, checked, effective, false, RoleDefinition.SOURCE_API, description);
    }

    /**
     * Deletes a role defined through the API. Refused while a binding or a team grants it; keys that name
     * it keep the name, which grants nothing while no role has it (and a role defined later under that name must
     * pass the same check as any other). A person deletes only a role whose permissions they hold.
     */
    @Transactional
    public void deleteRole(TenantId tenantId, String name, Grantor grantor) {
        RoleDefinition existing = changeableRole(tenantId, name);
        requireMayConfer(grantor, tenantId, List.of(everywhere(name, existing.permissions())),
                "delete the role '" + name + "'");
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
        events.publishEvent(new RoleDeleted(tenantId.value(), name, grantor.actor()));
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
     * Binds a role to a user (who belongs to {@code memberTeams}) or a team. A person may bind only a role whose
     * permissions they hold themselves, as far as the binding reaches; binding what exists already is a conflict.
     */
    @Transactional
    public RoleBinding bind(TenantId tenantId, UUID userId, Set<String> memberTeams, String team, String role,
            String scopeDepartment, String scopeTeam, Grantor grantor) {
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
        Set<String> reached = userId != null ? memberTeams : Set.of(team.strip());
        requireMayConfer(grantor, tenantId, grantOf(tenantId, role, reached, department, scopedTeam).stream().toList(),
                "bind the role '" + role + "'");
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
            bind(tenantId, userId, Set.of(), null, role, null, null, Grantor.system(actor));
        }
    }

    /**
     * Removes a binding. A person removes only a binding they could have made: it takes away what it granted
     * (the user's {@code memberTeams} decide how far a user's binding reaches).
     */
    @Transactional
    public boolean unbind(TenantId tenantId, UUID id, Set<String> memberTeams, Grantor grantor) {
        Optional<RoleBinding> existing = binding(tenantId, id);
        if (existing.isPresent()) {
            RoleBinding b = existing.get();
            Set<String> reached = b.userId() != null ? memberTeams : Set.of(b.team());
            requireMayConfer(grantor, tenantId, grantOf(tenantId, b.role(), reached, b.scopeDepartment(), b.scopeTeam())
                    .stream().toList(), "remove the binding of '" + b.role() + "'");
        }
        Optional<RoleBinding> binding = jdbc.sql("""
                delete from access_role_binding where tenant_id = ? and id = ?
                returning id, user_id, team, role, scope_department, scope_team, source, created_by, created_at
                """).params(tenantId.value(), id).query((rs, n) -> bindingOf(rs)).optional();
        binding.ifPresent(b -> {
            forget(tenantId);
            events.publishEvent(new RoleRevoked(tenantId.value(), b.id(), b.role(), b.userId(), b.team(), grantor.actor()));
        });
        return binding.isPresent();
    }

    // ---- the escalation check -------------------------------------------------------------------------------

    /**
     * The one check every change of what a subject may do goes through (defining, redefining or deleting a role,
     * binding or unbinding, issuing or rotating a key, a membership that brings a team's roles): a person must
     * hold every permission {@code conferred} carries, reaching at least as far. An organisation-wide grant needs
     * the permission across the organisation; a department's or team's grant needs it there (or wider); a grant
     * of one's own records needs it anywhere, since it reaches no one else's. The system (configuration,
     * bootstrap, group sync) is trusted.
     */
    public void requireMayConfer(Grantor grantor, TenantId tenantId, Collection<Grants.Grant> conferred, String what) {
        if (grantor.trusted()) {
            return;
        }
        Map<String, String> beyond = new java.util.TreeMap<>();
        for (Grants.Grant grant : conferred) {
            for (String permission : grant.permissions()) {
                if (!reaches(tenantId, grantor.grants().scopeOf(permission), grant)) {
                    beyond.put(permission, reachOf(grant));
                }
            }
        }
        // name what is missing at its broadest: usage:manage rather than also the usage:write it implies
        List<String> named = beyond.keySet().stream()
                .filter(p -> beyond.keySet().stream().noneMatch(q -> !q.equals(p) && Permission.expand(List.of(q)).contains(p)))
                .map(p -> p + beyond.get(p)).toList();
        if (!named.isEmpty()) {
            throw new AccessDenied("You cannot " + what + ": it would grant " + String.join(", ", named)
                    + ", which your roles do not grant you that far.");
        }
    }

    /**
     * Refuses a person adding someone who belongs to {@code currentTeams} to {@code team} unless their
     * {@code permission} reaches that team and every team the person is in already: nobody pulls people from
     * outside their reach into their own team (and so into their reach).
     */
    public void requireMayJoin(Grantor grantor, TenantId tenantId, String team, Collection<String> currentTeams,
            String permission, String who) {
        if (grantor.trusted() || currentTeams.contains(team)) {
            return;
        }
        Scope scope = grantor.grants().scopeOf(permission);
        List<String> outside = new ArrayList<>();
        for (String t : concat(team, currentTeams)) {
            if (!scope.reachesTeam(t, organizations.team(tenantId, t).map(Team::department).orElse(null))) {
                outside.add(t);
            }
        }
        if (!outside.isEmpty()) {
            throw new AccessDenied("You cannot add " + who + " to the team '" + team + "': the team(s) "
                    + String.join(", ", outside) + " lie outside your reach for " + permission + ".");
        }
    }

    private static List<String> concat(String first, Collection<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** A role as if bound across the organisation: what defining or changing its permissions can confer. */
    private static Grants.Grant everywhere(String role, Collection<String> permissions) {
        return new Grants.Grant(role, RoleScope.ORGANIZATION, Permission.expand(permissions), Set.of(), Set.of());
    }

    /** The grant one binding of {@code role} gives, reaching {@code teams} unless scoped explicitly. */
    private Optional<Grants.Grant> grantOf(TenantId tenantId, String role, Set<String> teams, String scopeDepartment,
            String scopeTeam) {
        List<Grants.Grant> grants = new ArrayList<>();
        add(grants, tenantId, snapshot(tenantId), role, teams, scopeDepartment, scopeTeam);
        return grants.stream().findFirst();
    }

    private boolean reaches(TenantId tenantId, Scope actor, Grants.Grant grant) {
        if (actor.organization()) {
            return true;
        }
        if (actor.reachesNothing()) {
            return false;
        }
        return switch (grant.scope()) {
            case ORGANIZATION -> false;
            case DEPARTMENT -> actor.departments().containsAll(grant.departments());
            case TEAM -> grant.teams().stream().allMatch(t -> actor.reachesTeam(t,
                    organizations.team(tenantId, t).map(Team::department).orElse(null)));
            case OWN -> true;
        };
    }

    private static String reachOf(Grants.Grant grant) {
        return switch (grant.scope()) {
            case ORGANIZATION -> " (across the organisation)";
            case DEPARTMENT -> " (in " + String.join(", ", new java.util.TreeSet<>(grant.departments())) + ")";
            case TEAM -> " (in " + String.join(", ", new java.util.TreeSet<>(grant.teams())) + ")";
            case OWN -> "";
        };
    }

    /**
     * Whether a role administers Aurelis: it carries a permission that changes what others may do or see beyond
     * their own work. Identity providers confer such roles through SCIM groups only where the configuration says so.
     */
    public boolean isAdministrative(TenantId tenantId, String role) {
        Set<String> expanded = snapshot(tenantId).expanded().getOrDefault(role, Set.of());
        return Permission.ADMINISTRATIVE.stream().anyMatch(p -> Permission.includes(expanded, p));
    }

    /** The roles membership of a team gives: the configuration's and those bound to the team. */
    public Set<String> rolesConferredByTeam(TenantId tenantId, String team) {
        Set<String> roles = new LinkedHashSet<>(rolesOfTeam(tenantId, team));
        bindings(tenantId).stream().filter(b -> team.equals(b.team())).forEach(b -> roles.add(b.role()));
        return roles;
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

    /**
     * A summary of every tenant's roles, bindings and team grants that changes whenever any of them does (deletions
     * show in the counts, edits in the timestamps and digests): other modules poll it to notice changes made by
     * another replica without reading access's tables.
     */
    public String fingerprint() {
        return directory.sql("""
                select concat_ws('|',
                    (select count(*) || '/' || coalesce(max(created_at)::text, '') from access_role_binding),
                    (select count(*) || '/' || coalesce(max(updated_at)::text, '') from access_role),
                    (select md5(coalesce(string_agg(tenant_id || '/' || team || '/' || role, ',' order by tenant_id, team, role), ''))
                     from access_team_role),
                    (select md5(coalesce(string_agg(tenant_id || '/' || team || '/' || model, ',' order by tenant_id, team, model), ''))
                     from access_team_model))
                """).query(String.class).single();
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
