/** Roles, permissions and model allow-lists: the one place that answers "may this caller do X". */
@org.springframework.modulith.ApplicationModule(displayName = "Access", allowedDependencies = {"tenancy", "storage"})
package dev.aurelis.access;
