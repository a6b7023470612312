/** Organisations (tenants), departments, teams, cost centers and projects: who spends and where it is attributed. */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy", allowedDependencies = {})
package dev.aurelis.tenancy;
