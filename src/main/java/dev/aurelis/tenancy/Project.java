package dev.aurelis.tenancy;

import java.util.List;

/**
 * A project that spend can be attributed to (chosen per API key or per request).
 *
 * @param teams       the teams whose members may bill the project; with {@code departments} both empty, anyone
 *                    in the organisation may
 * @param departments the departments whose members (their sub-departments' too) may bill the project
 */
public record Project(String name, String displayName, String costCenter, List<String> teams, List<String> departments) {

    public Project {
        teams = teams == null ? List.of() : List.copyOf(teams);
        departments = departments == null ? List.of() : List.copyOf(departments);
    }

    /** Whether anyone in the organisation may attribute usage to this project. */
    public boolean open() {
        return teams.isEmpty() && departments.isEmpty();
    }
}
