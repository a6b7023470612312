package dev.aurelis.access;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Where a permission reaches for one caller: the whole organisation, or the union of some departments, some
 * teams and the caller's own records. An empty scope reaches nothing.
 */
public record Scope(boolean organization, Set<String> departments, Set<String> teams, UUID self) {

    public static final Scope NOTHING = new Scope(false, Set.of(), Set.of(), null);
    public static final Scope ORGANIZATION = new Scope(true, Set.of(), Set.of(), null);

    public Scope {
        departments = Set.copyOf(departments);
        teams = Set.copyOf(teams);
    }

    public boolean reachesNothing() {
        return !organization && departments.isEmpty() && teams.isEmpty() && self == null;
    }

    /** Whether the scope reaches a team, given the department the team belongs to (may be null). */
    public boolean reachesTeam(String team, String departmentOfTeam) {
        return organization || (team != null && teams.contains(team))
                || (departmentOfTeam != null && departments.contains(departmentOfTeam));
    }

    /** Whether the scope reaches a record of {@code user}, attributed to a team in a department. */
    public boolean reachesRecord(UUID user, String team, String departmentOfTeam) {
        return reachesTeam(team, departmentOfTeam) || (self != null && self.equals(user));
    }

    /** Whether the scope reaches a user who belongs to teams in departments (pairs of team and department). */
    public boolean reachesMember(UUID user, Collection<String[]> teamsAndDepartments) {
        if (organization || (self != null && self.equals(user))) {
            return true;
        }
        for (String[] teamAndDepartment : teamsAndDepartments) {
            if (reachesTeam(teamAndDepartment[0], teamAndDepartment[1])) {
                return true;
            }
        }
        return false;
    }

    Scope union(Scope other) {
        if (organization || other.organization) {
            return ORGANIZATION;
        }
        Set<String> d = new HashSet<>(departments);
        d.addAll(other.departments);
        Set<String> t = new HashSet<>(teams);
        t.addAll(other.teams);
        return new Scope(false, d, t, self != null ? self : other.self);
    }
}
