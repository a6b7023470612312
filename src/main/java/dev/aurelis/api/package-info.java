/** The admin API's edge: how errors of every admin endpoint are answered. No business rules. */
@org.springframework.modulith.ApplicationModule(displayName = "Admin API edge", allowedDependencies = {"identity", "access", "spend", "tenancy", "routing", "configuration", "analytics", "storage"})
package dev.aurelis.api;
