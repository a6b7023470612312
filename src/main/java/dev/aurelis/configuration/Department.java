package dev.aurelis.configuration;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One entry of {@code departments:}, keyed by the department's name.
 *
 * @param parent name of the enclosing department, or null for a top-level one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Department(String displayName, String costCenter, String parent) {

    public static Department defaults() {
        return new Department(null, null, null);
    }
}
