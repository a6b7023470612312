/**
 * Liveness, readiness and Prometheus metrics for the people who run Aurelis, and the database's backups
 * ({@link dev.aurelis.operations.Backups}, ADR 0044): taken on demand or on one replica at the configured frequency,
 * encrypted under a data key of the privacy module's key hierarchy, restored at start into an empty database.
 * The configuration module applies {@link dev.aurelis.operations.BackupSettings}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operations", allowedDependencies = {"storage", "privacy"})
package dev.aurelis.operations;
