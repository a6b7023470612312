package dev.aurelis.configuration;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code enterprise:} isolation between tenants and between departments of one tenant.
 *
 * @param organizationId as stated; used as {@code organization.id} only when the file has no {@code organization:}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Enterprise(
        @AlwaysOn("every tenant's rows are isolated by PostgreSQL row-level security") Boolean tenantIsolation,
        String organizationId,
        boolean departmentIsolation) {

    public static Enterprise defaults() {
        return new Enterprise(null, null, false);
    }
}
