package dev.aurelis.tenancy;

import dev.aurelis.storage.AfterCommit;
import dev.aurelis.storage.SystemDatabase;
import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organisations and their departments, teams and projects. Reads used on the hot path (a team's department
 * and cost center) come from memory; the tables are small and change only through this class. Writes run in
 * the current tenant's context; the in-memory directory is loaded per tenant with the system connections,
 * because it is built for every tenant at once when the key cache loads (ADR 0008).
 */
@Component
public class Organizations {

    private final JdbcClient jdbc;
    private final JdbcClient directory;
    private final Map<TenantId, Map<String, Team>> teams = new ConcurrentHashMap<>();
    private final Map<TenantId, Map<String, Project>> projects = new ConcurrentHashMap<>();
    /** Each department's parent (departments without one are absent), per tenant. */
    private final Map<TenantId, Map<String, String>> parents = new ConcurrentHashMap<>();
    /** Tenants whose configuration declares their teams: keys may name only teams that exist. */
    private final Set<TenantId> teamsDeclared = ConcurrentHashMap.newKeySet();

    Organizations(JdbcClient jdbc, @SystemDatabase DataSource system) {
        this.jdbc = jdbc;
        this.directory = JdbcClient.create(system);
    }

    /**
     * The tenant a configuration file describes. A file that names its tenant ({@code organization.tenant_id})
     * gets exactly that one, new or not. Otherwise: the stored organisation with the file's id (as id or tenant
     * id); else the only organisation there is, which the file adopts (its id and name change, its keys, users and
     * history stay); else, in an empty store, a new tenant named by the id. Several organisations and none with the
     * file's id is refused ({@link OrganizationNotIdentified}) rather than guessed.
     */
    public TenantId tenantFor(String organizationId, TenantId declaredTenant) {
        if (declaredTenant != null) {
            return declaredTenant;
        }
        List<Organization> stored = directory.sql(
                        "select tenant_id, name, external_id, time_zone from tenancy_organization order by created_at, tenant_id")
                .query((rs, n) -> new Organization(TenantId.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .list();
        return stored.stream().filter(o -> organizationId.equals(o.externalId())).findFirst()
                .or(() -> stored.stream().filter(o -> organizationId.equals(o.tenantId().value())).findFirst())
                .or(() -> stored.size() == 1 ? Optional.of(stored.getFirst()) : Optional.empty())
                .map(Organization::tenantId)
                .orElseGet(() -> {
                    if (!stored.isEmpty()) {
                        throw new OrganizationNotIdentified(organizationId, stored);
                    }
                    return TenantId.of(organizationId);
                });
    }

    /** Makes the database match the declaration (upsert; undeclared rows are kept, they may carry history). */
    @Transactional
    public void declare(OrganizationDeclaration declaration) {
        String tenant = declaration.tenantId().value();
        jdbc.sql("""
                insert into tenancy_organization (tenant_id, external_id, name, time_zone) values (?, ?, ?, ?)
                on conflict (tenant_id) do update set external_id = excluded.external_id, name = excluded.name,
                    time_zone = excluded.time_zone, updated_at = now()
                where (tenancy_organization.external_id, tenancy_organization.name, tenancy_organization.time_zone)
                    is distinct from (excluded.external_id, excluded.name, excluded.time_zone)
                """).params(tenant, declaration.externalId(), declaration.name(), declaration.timeZone()).update();
        for (Department d : declaration.departments()) {
            jdbc.sql("""
                    insert into tenancy_department (tenant_id, name, display_name, cost_center, parent)
                    values (?, ?, ?, ?, ?)
                    on conflict (tenant_id, name) do update set display_name = excluded.display_name,
                        cost_center = excluded.cost_center, parent = excluded.parent
                    where (tenancy_department.display_name, tenancy_department.cost_center, tenancy_department.parent)
                        is distinct from (excluded.display_name, excluded.cost_center, excluded.parent)
                    """).params(tenant, d.name(), d.displayName(), d.costCenter(), d.parent()).update();
        }
        for (Team t : declaration.teams()) {
            jdbc.sql("""
                    insert into tenancy_team (tenant_id, name, department, cost_center) values (?, ?, ?, ?)
                    on conflict (tenant_id, name) do update set department = excluded.department,
                        cost_center = excluded.cost_center
                    where (tenancy_team.department, tenancy_team.cost_center)
                        is distinct from (excluded.department, excluded.cost_center)
                    """).params(tenant, t.name(), t.department(), t.costCenter()).update();
        }
        for (Project p : declaration.projects()) {
            jdbc.sql("""
                    insert into tenancy_project (tenant_id, name, display_name, cost_center, teams, departments)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, name) do update set display_name = excluded.display_name,
                        cost_center = excluded.cost_center, teams = excluded.teams, departments = excluded.departments
                    where (tenancy_project.display_name, tenancy_project.cost_center, tenancy_project.teams,
                            tenancy_project.departments)
                        is distinct from (excluded.display_name, excluded.cost_center, excluded.teams,
                            excluded.departments)
                    """).params(tenant, p.name(), p.displayName(), p.costCenter(), p.teams().toArray(String[]::new),
                            p.departments().toArray(String[]::new)).update();
        }
        if (declaration.teams().isEmpty()) {
            teamsDeclared.remove(declaration.tenantId());
        } else {
            teamsDeclared.add(declaration.tenantId());
        }
        forget(declaration.tenantId());
    }

    /**
     * The team a new key is billed to. When the configuration declares the organisation's teams it must be one
     * that exists (a typo would otherwise start a team outside every allow-list and budget); when it declares none,
     * teams are created on first use.
     */
    @Transactional
    public Team teamForKey(TenantId tenantId, String name) {
        if (teamsDeclared.contains(tenantId)) {
            return team(tenantId, name).orElseThrow(() -> new IllegalArgumentException("There is no team '" + name
                    + "'. Teams: " + String.join(", ", teams(tenantId).stream().map(Team::name).toList())
                    + ". Teams are declared under rbac.user_groups in the configuration file."));
        }
        return ensureTeam(tenantId, name);
    }

    /** Creates a team on first use (for example when a key names a team the configuration does not declare). */
    @Transactional
    public Team ensureTeam(TenantId tenantId, String name) {
        jdbc.sql("insert into tenancy_team (tenant_id, name) values (?, ?) on conflict do nothing")
                .params(tenantId.value(), name).update();
        forget(tenantId);
        // read in this transaction: the directory only sees committed rows
        return jdbc.sql("select name, department, cost_center from tenancy_team where tenant_id = ? and name = ?")
                .params(tenantId.value(), name)
                .query((rs, n) -> new Team(rs.getString(1), rs.getString(2), rs.getString(3))).single();
    }

    public Optional<Organization> organization(TenantId tenantId) {
        return jdbc.sql("select tenant_id, name, external_id, time_zone from tenancy_organization where tenant_id = ?")
                .param(tenantId.value())
                .query((rs, n) -> new Organization(TenantId.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .optional();
    }

    public Optional<Team> team(TenantId tenantId, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(teamsOf(tenantId).get(name));
    }

    public List<Team> teams(TenantId tenantId) {
        return teamsOf(tenantId).values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** The teams of a department. */
    public List<Team> teamsInDepartment(TenantId tenantId, String department) {
        return teams(tenantId).stream().filter(t -> department != null && department.equals(t.department())).toList();
    }

    public List<Department> departments(TenantId tenantId) {
        return jdbc.sql("select name, display_name, cost_center, parent from tenancy_department where tenant_id = ? order by name")
                .param(tenantId.value())
                .query((rs, n) -> new Department(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    public Optional<Project> project(TenantId tenantId, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(projects.computeIfAbsent(tenantId, id -> {
            Map<String, Project> byName = new ConcurrentHashMap<>();
            directory.sql("""
                            select name, display_name, cost_center, teams, departments from tenancy_project
                            where tenant_id = ?""")
                    .param(id.value())
                    .query((rs, n) -> new Project(rs.getString(1), rs.getString(2), rs.getString(3),
                            texts(rs.getArray(4)), texts(rs.getArray(5))))
                    .list()
                    .forEach(p -> byName.put(p.name(), p));
            return byName;
        }).get(name));
    }

    /**
     * Whether a member of {@code team} in {@code department} may attribute usage to {@code project}: the project is
     * open, lists the team, or lists the department or one above it. From memory.
     */
    public boolean mayBill(TenantId tenantId, Project project, String team, String department) {
        if (project.open() || team != null && project.teams().contains(team)) {
            return true;
        }
        Map<String, String> parents = parentsOf(tenantId);
        String d = department;
        // at most one step per department: a cycle in a hand-edited table must not hang the gateway
        for (int step = 0; d != null && step <= parents.size(); step++, d = parents.get(d)) {
            if (project.departments().contains(d)) {
                return true;
            }
        }
        return false;
    }

    /** Every organisation (tenant), for background work that visits each one. */
    public List<TenantId> tenants() {
        return directory.sql("select tenant_id from tenancy_organization order by tenant_id")
                .query((rs, n) -> TenantId.of(rs.getString(1))).list();
    }

    /**
     * A summary of every tenant's teams, projects and departments that changes whenever one is added, removed or changed: other
     * modules poll it to notice changes made by another replica without reading tenancy's tables.
     */
    public String fingerprint() {
        return directory.sql("""
                select concat_ws('|',
                    (select md5(coalesce(string_agg(concat_ws('/', tenant_id, name, department, cost_center), ','
                        order by tenant_id, name), '')) from tenancy_team),
                    (select md5(coalesce(string_agg(concat_ws('/', tenant_id, name, cost_center,
                            array_to_string(teams, ','), array_to_string(departments, ',')), ','
                        order by tenant_id, name), '')) from tenancy_project),
                    (select md5(coalesce(string_agg(concat_ws('/', tenant_id, name, parent), ','
                        order by tenant_id, name), '')) from tenancy_department))
                """).query(String.class).single();
    }

    /** Forgets cached reads, for changes made by another replica. */
    public void refresh() {
        teams.clear();
        projects.clear();
        parents.clear();
    }

    /** Forgets a tenant's directory now and once more after the current transaction commits. */
    private void forget(TenantId tenantId) {
        teams.remove(tenantId);
        projects.remove(tenantId);
        parents.remove(tenantId);
        AfterCommit.run(() -> {
            teams.remove(tenantId);
            projects.remove(tenantId);
            parents.remove(tenantId);
        });
    }

    private Map<String, Team> teamsOf(TenantId tenantId) {
        return teams.computeIfAbsent(tenantId, id -> {
            Map<String, Team> byName = new ConcurrentHashMap<>();
            directory.sql("select name, department, cost_center from tenancy_team where tenant_id = ?")
                    .param(id.value())
                    .query((rs, n) -> new Team(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .list()
                    .forEach(t -> byName.put(t.name(), t));
            return byName;
        });
    }

    private Map<String, String> parentsOf(TenantId tenantId) {
        return parents.computeIfAbsent(tenantId, id -> {
            Map<String, String> byName = new ConcurrentHashMap<>();
            directory.sql("select name, parent from tenancy_department where tenant_id = ? and parent is not null")
                    .param(id.value())
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .list()
                    .forEach(e -> byName.put(e.getKey(), e.getValue()));
            return byName;
        });
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
