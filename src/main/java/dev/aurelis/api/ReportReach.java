package dev.aurelis.api;

import dev.aurelis.identity.ServiceIdentities;
import dev.aurelis.access.Permission;
import dev.aurelis.access.Scope;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.User;
import dev.aurelis.identity.Users;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * How far a caller's permission reaches: the whole organisation, or their departments with every department below
 * them, their teams, and their own records. The one place a caller's scope meets the department tree: the budgets
 * API ({@link #reach}), and the usage API, cost report and console ({@link #of}, the same reach as a ledger filter)
 * all ask it, so a manager sees the same teams in each.
 */
@Component
public class ReportReach {

    private final Budgets budgets;
    private final Users users;
    private final Organizations organizations;

    ReportReach(Budgets budgets, Users users, Organizations organizations) {
        this.budgets = budgets;
        this.users = users;
        this.organizations = organizations;
    }

    /** The reach as the ledger's filter: null for the whole organisation. */
    public LedgerFilter.Reach of(Caller caller, String permission) {
        return reach(caller, permission).ledger();
    }

    Reach reach(Caller caller, String permission) {
        Scope scope = caller.scopeOf(permission);
        if (scope.organization()) {
            return Reach.ORGANIZATION;
        }
        Set<String> departments = new LinkedHashSet<>();
        scope.departments().forEach(d -> departments.addAll(budgets.departmentAndDescendants(caller.tenantId().value(), d)));
        return new Reach(false, departments, scope.teams(), scope.self());
    }

    /**
     * The active accounts within the reach of the caller's {@code usage:read} (of {@code team} when given), by
     * lower-case e-mail with when each was provisioned: the seats adoption is measured against.
     */
    public Map<String, Instant> seats(Caller caller, String team) {
        Scope scope = caller.scopeOf(Permission.USAGE_READ);
        Map<String, String> departmentOf = new HashMap<>();
        organizations.teams(caller.tenantId()).stream().filter(t -> t.department() != null)
                .forEach(t -> departmentOf.putIfAbsent(t.name(), t.department()));
        String only = team == null || team.isBlank() ? null : team.strip();
        Map<String, Instant> seats = new HashMap<>();
        for (User u : users.list(caller.tenantId())) {
            boolean inReach = scope.organization() || u.id().equals(scope.self())
                    || u.teams().stream().anyMatch(t -> scope.reachesTeam(t, departmentOf.get(t)));
            // a workflow's own account calls models but is nobody's seat
            if (u.active() && inReach && (only == null || u.teams().contains(only))
                    && !ServiceIdentities.isService(u.email())) {
                seats.put(u.email().toLowerCase(Locale.ROOT), u.createdAt());
            }
        }
        return seats;
    }

    /** The teams {@code permission} reaches, for team-level data such as feedback: null for the whole organisation. */
    public Set<String> teams(Caller caller, String permission) {
        Scope scope = caller.scopeOf(permission);
        if (scope.organization()) {
            return null;
        }
        return organizations.teams(caller.tenantId()).stream().filter(t -> scope.reachesTeam(t.name(), t.department()))
                .map(Team::name).collect(Collectors.toSet());
    }
}
