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
 * @param tenantId  the tenant's id in the store, for installations serving several organisations. Left out, the file
 *                  describes the one organisation the store holds (adopting and renaming it when {@code id} changes),
 *                  or a new one with tenant id {@code id} when the store holds none
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
        tenantId = Defaults.blankToNull(tenantId);
        timeZone = Defaults.orElse(timeZone, ZoneId.of("UTC"));
    }

    /** The tenant id the file declares, or {@code id} when it declares none. */
    @Override
    public String tenantId() {
        return tenantId == null ? id : tenantId;
    }

    /** Whether the file names the tenant explicitly (several organisations share the store). */
    public boolean tenantIdDeclared() {
        return tenantId != null;
    }

    public static Organization defaults() {
        return new Organization(null, null, null, null);
    }
}
