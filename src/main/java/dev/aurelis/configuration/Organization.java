package dev.aurelis.configuration;

import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.ZoneId;

/**
 * {@code organization:} the tenant this installation serves.
 *
 * @param name      shown in the console and reports; default {@code Default organization}
 * @param id        stable identifier; default {@code default}
 * @param tenantId  the tenant's id in the store; defaults to {@code id} (same rule as {@code id})
 * @param timeZone  IANA zone in which days and months of budgets and reports begin; default {@code UTC}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Organization(
        String name,
        @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_RULE) String id,
        String tenantId,
        ZoneId timeZone) {

    public static final String DEFAULT_ID = "default";
    public static final String DEFAULT_NAME = "Default organization";

    static final String IDENTIFIER = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";
    static final String IDENTIFIER_RULE =
            "must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public Organization {
        name = Defaults.orElse(Defaults.blankToNull(name), DEFAULT_NAME);
        id = Defaults.orElse(Defaults.blankToNull(id), DEFAULT_ID);
        tenantId = Defaults.orElse(Defaults.blankToNull(tenantId), id);
        timeZone = Defaults.orElse(timeZone, ZoneId.of("UTC"));
    }

    public static Organization defaults() {
        return new Organization(null, null, null, null);
    }
}
