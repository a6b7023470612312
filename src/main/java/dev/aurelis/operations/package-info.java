/** Liveness, readiness and Prometheus metrics for the people who run Aurelis. */
@org.springframework.modulith.ApplicationModule(displayName = "Operations", allowedDependencies = {})
package dev.aurelis.operations;
