package dev.aurelis.configuration;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** One entry of {@code projects:}, keyed by the project's name; usage can be attributed to it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Project(String displayName, String costCenter) {

    public static Project defaults() {
        return new Project(null, null);
    }
}
