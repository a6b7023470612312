package dev.aurelis.tenancy;

import java.util.List;

/**
 * What a configuration file declares about one organisation. Applying it is idempotent: the same declaration
 * applied twice changes nothing.
 */
public record OrganizationDeclaration(TenantId tenantId, String name, String externalId, String timeZone,
        List<Department> departments, List<Team> teams, List<Project> projects) {

    public OrganizationDeclaration {
        departments = List.copyOf(departments);
        teams = List.copyOf(teams);
        projects = List.copyOf(projects);
    }
}
