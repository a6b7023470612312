/** Organisations (tenants), departments, teams, cost centers and projects: who spends and where it is attributed. */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy", allowedDependencies = {"storage"})
package dev.aurelis.tenancy;
