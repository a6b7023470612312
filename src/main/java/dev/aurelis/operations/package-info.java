/** Liveness, readiness and Prometheus metrics for the people who run Aurelis. */
@org.springframework.modulith.ApplicationModule(displayName = "Operations", allowedDependencies = {"storage"})
package dev.aurelis.operations;
