package dev.aurelis.api;

import dev.aurelis.spend.LedgerFilter;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * How far one caller's permission reaches: the whole organisation, or some departments together with every
 * department below them, some teams, and the caller's own records. Made by {@link ReportReach}, the one place a
 * caller's scope meets the department tree; the budgets, cost report and usage APIs all ask it, so a manager sees
 * the same teams in each.
 */
record Reach(boolean organization, Set<String> departments, Set<String> teams, UUID self) {

    static final Reach ORGANIZATION = new Reach(true, Set.of(), Set.of(), null);

    Reach {
        departments = Set.copyOf(departments);
        teams = Set.copyOf(teams);
    }

    boolean nothing() {
        return !organization && departments.isEmpty() && teams.isEmpty() && self == null;
    }

    /** A department (with its sub-departments, which {@link #departments} already holds). */
    boolean department(String department) {
        return organization || (department != null && departments.contains(department));
    }

    /** A team, given the department it belongs to (may be null). */
    boolean team(String team, String departmentOfTeam) {
        return organization || (team != null && teams.contains(team)) || department(departmentOfTeam);
    }

    /** A person: the caller, or a member of a team within reach ({@code teams} as pairs of team and department). */
    boolean member(UUID user, Collection<String[]> teamsAndDepartments) {
        if (organization || (self != null && self.equals(user))) {
            return true;
        }
        return teamsAndDepartments.stream().anyMatch(t -> team(t[0], t[1]));
    }

    /** The ledger's filter: null for the whole organisation. */
    LedgerFilter.Reach ledger() {
        return organization ? null : new LedgerFilter.Reach(departments, teams, self);
    }
}
