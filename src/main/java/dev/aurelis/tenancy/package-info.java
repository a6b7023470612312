/**
 * Organisations (tenants) and their departments, teams, cost centers and projects: who spends and where it is
 * attributed; tenant ids and the tenant the current thread acts for.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy", allowedDependencies = {"storage"})
package dev.aurelis.tenancy;
