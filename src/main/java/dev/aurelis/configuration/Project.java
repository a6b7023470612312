package dev.aurelis.configuration;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One entry of {@code projects:}, keyed by the project's name; usage can be attributed to it.
 *
 * @param teams       teams whose members may name the project in {@code x-aurelis-project}
 * @param departments departments whose members may; with both empty, anyone in the organisation may
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Project(String displayName, String costCenter, List<String> teams, List<String> departments) {

    public Project {
        teams = teams == null ? List.of() : List.copyOf(teams);
        departments = departments == null ? List.of() : List.copyOf(departments);
    }

    public static Project defaults() {
        return new Project(null, null, List.of(), List.of());
    }
}
